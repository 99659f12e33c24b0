#include "permission.h"

#include <QCoreApplication>

namespace accord {

namespace {
struct PermissionInfo {
    Permission permission;
    const char* name;
    const char* label;
};

constexpr std::array<PermissionInfo, permissionCount> table{{
    {Permission::Profile, "profile",
     QT_TRANSLATE_NOOP("Permission", "Modify Master Account Profile")},
    {Permission::Contacts, "contacts", QT_TRANSLATE_NOOP("Permission", "View & Manage Contacts")},
    {Permission::Products, "products", QT_TRANSLATE_NOOP("Permission", "View Products & Services")},
    {Permission::ManageProducts, "manageproducts",
     QT_TRANSLATE_NOOP("Permission", "View & Modify Product Passwords")},
    {Permission::ProductSso, "productsso",
     QT_TRANSLATE_NOOP("Permission", "Perform Single Sign-On")},
    {Permission::Domains, "domains", QT_TRANSLATE_NOOP("Permission", "View Domains")},
    {Permission::ManageDomains, "managedomains",
     QT_TRANSLATE_NOOP("Permission", "Manage Domain Settings")},
    {Permission::Invoices, "invoices", QT_TRANSLATE_NOOP("Permission", "View & Pay Invoices")},
    {Permission::Quotes, "quotes", QT_TRANSLATE_NOOP("Permission", "View & Accept Quotes")},
    {Permission::Tickets, "tickets",
     QT_TRANSLATE_NOOP("Permission", "View & Open Support Tickets")},
    {Permission::Affiliates, "affiliates",
     QT_TRANSLATE_NOOP("Permission", "View & Manage Affiliate Account")},
    {Permission::Emails, "emails", QT_TRANSLATE_NOOP("Permission", "View Emails")},
    {Permission::Orders, "orders",
     QT_TRANSLATE_NOOP("Permission", "Place New Orders/Upgrades/Cancellations")},
}};
} // namespace

const std::array<Permission, permissionCount>& Permissions::ordered()
{
    static const auto order = [] {
        std::array<Permission, permissionCount> a{};
        for (int i = 0; i < permissionCount; ++i)
            a[i] = table[i].permission;
        return a;
    }();
    return order;
}

Permissions Permissions::all()
{
    Permissions p;
    for (auto perm : ordered())
        p.set(perm);
    return p;
}

QString Permissions::name(Permission p)
{
    return QString::fromLatin1(table[std::size_t(p)].name);
}

QString Permissions::label(Permission p)
{
    return QCoreApplication::translate("Permission", table[std::size_t(p)].label);
}

std::optional<Permission> Permissions::fromName(const QString& name)
{
    const QString wanted = name.trimmed().toLower();
    for (const auto& info : table)
        if (wanted == QLatin1String(info.name))
            return info.permission;
    return std::nullopt;
}

Permissions Permissions::fromStored(const QString& stored)
{
    Permissions p;
    for (const QString& part : stored.split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (auto perm = fromName(part))
            p.set(*perm);
    return p;
}

std::optional<Permissions> Permissions::fromNames(const QStringList& names, QString* unknown)
{
    Permissions p;
    for (const QString& n : names) {
        if (n.trimmed().isEmpty())
            continue;
        auto perm = fromName(n);
        if (!perm) {
            if (unknown)
                *unknown = n.trimmed();
            return std::nullopt;
        }
        p.set(*perm);
    }
    return p;
}

int Permissions::count() const
{
    int n = 0;
    for (auto perm : ordered())
        n += has(perm) ? 1 : 0;
    return n;
}

QStringList Permissions::names() const
{
    QStringList out;
    for (auto perm : ordered())
        if (has(perm))
            out << name(perm);
    return out;
}

QString Permissions::toStored() const
{
    return names().join(QLatin1Char(','));
}

QString Permissions::summary() const
{
    if (isAll())
        return QCoreApplication::translate("Permission", "All permissions");
    if (isEmpty())
        return QCoreApplication::translate("Permission", "No permissions");
    QStringList labels;
    for (auto perm : ordered())
        if (has(perm))
            labels << label(perm);
    return labels.join(QLatin1String(", "));
}

} // namespace accord
