#pragma once

#include "access.h"

namespace accord {

// What a signed-in user may do on a client account in the Client Area, from their link:
// the vendor's rules, which ClientAreaService enforces and the pages follow.

// Account Details (the client account's profile): the owner, or the "profile" permission.
inline bool mayEditAccountDetails(const Access& link)
{
    return link.effective().has(Permission::Profile);
}

// User Management (invite, permissions, remove access): the owner alone.
inline bool mayManageUsers(const Access& link)
{
    return link.owner;
}

} // namespace accord
