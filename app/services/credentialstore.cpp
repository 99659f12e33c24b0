#include "credentialstore.h"

#include "storage/database.h"

namespace accord {

QString CredentialStore::keyOf(const DatabaseLocation& location)
{
    return location.display();
}

} // namespace accord
