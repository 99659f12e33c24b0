#pragma once

#include <QString>
#include <QStringList>

#include <array>
#include <cstdint>
#include <optional>

namespace accord {

// The vendor's 13 link permissions, in their stored order.
enum class Permission : std::uint8_t {
    Profile,
    Contacts,
    Products,
    ManageProducts,
    ProductSso,
    Domains,
    ManageDomains,
    Invoices,
    Quotes,
    Tickets,
    Affiliates,
    Emails,
    Orders,
};

inline constexpr int permissionCount = 13;

class Permissions
{
public:
    Permissions() = default;
    static Permissions all();
    // Parses the stored comma-separated form; unknown names are ignored (vendor data).
    static Permissions fromStored(const QString& stored);
    // Parses names given by a person; nullopt names the first unknown one in `unknown`.
    static std::optional<Permissions> fromNames(const QStringList& names,
                                                QString* unknown = nullptr);

    static QString name(Permission p);
    static QString label(Permission p); // the vendor's label
    static std::optional<Permission> fromName(const QString& name);
    static const std::array<Permission, permissionCount>& ordered();

    bool has(Permission p) const { return m_bits & bit(p); }
    void set(Permission p, bool on = true) { m_bits = on ? (m_bits | bit(p)) : (m_bits & ~bit(p)); }
    bool isEmpty() const { return m_bits == 0; }
    bool isAll() const { return m_bits == all().m_bits; }
    int count() const;

    QString toStored() const; // "profile,contacts,..." in the vendor's order
    QStringList names() const;
    QString summary() const; // short human text: "All permissions" or the labels

    friend bool operator==(const Permissions&, const Permissions&) = default;

private:
    static std::uint16_t bit(Permission p) { return std::uint16_t(1u << unsigned(p)); }
    std::uint16_t m_bits = 0;
};

} // namespace accord
