#include "samplegenerator.h"

#include "domain/comparison.h"
#include "domain/permission.h"
#include "passwordhasher.h"
#include "storage/batchinsert.h"
#include "storage/searchindex.h"
#include "storage/serverbulkload.h"
#include "storage/sql.h"
#include "storage/sqlitebulkload.h"
#include "storage/transaction.h"
#include "storage/userrepository.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>

#include <algorithm>
#include <array>
#include <cstdio>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace accord {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("SampleGenerator", text);
}

struct Culture {
    const char* country;
    const char* language; // vendor language name
    std::vector<const char*> firstNames;
    std::vector<const char*> lastNames;
    std::vector<const char*> cities;
    std::vector<const char*> streets;
    const char* state;
    const char* postcodeFormat; // # digit, A letter
    const char* phonePrefix;
    const char* domain;
    bool latin; // names usable in email local parts
};

const std::vector<Culture>& cultures()
{
    static const std::vector<Culture> list{
        {"GB",
         "english",
         {"Oliver", "Amelia", "George", "Isla", "Harry", "Ava", "Jack", "Emily"},
         {"Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Davies", "O'Brien"},
         {"London", "Leeds", "Bristol", "York"},
         {"High Street", "Station Road", "Church Lane"},
         "England",
         "AA# #AA",
         "+44 20 ",
         "example.co.uk",
         true},
        {"US",
         "english",
         {"James", "Mary", "Robert", "Linda", "Michael", "Sarah", "David", "Karen"},
         {"Johnson", "Miller", "Garcia", "Martinez", "Anderson", "Thomas", "Moore", "Lee"},
         {"Austin", "Denver", "Boston", "Seattle"},
         {"Main St", "Oak Ave", "Maple Dr"},
         "TX",
         "#####",
         "+1 512 ",
         "example.com",
         true},
        {"FR",
         "french",
         {"Élodie", "Jérôme", "Françoise", "Hélène", "Léa", "Benoît", "Chloé", "Noël"},
         {"Lefèvre", "Dubois", "Moreau", "Girard", "Bérénger", "Rousseau", "Fontaine", "Mercier"},
         {"Paris", "Lyon", "Besançon", "Orléans"},
         {"rue de la Paix", "avenue Hoche", "quai Voltaire"},
         "Île-de-France",
         "#####",
         "+33 1 ",
         "exemple.fr",
         true},
        {"DE",
         "german",
         {"Jürgen", "Käthe", "Lukas", "Sören", "Anna", "Maximilian", "Jörg", "Lena"},
         {"Müller", "Schröder", "Weiß", "Becker", "Hoffmann", "Schäfer", "Koch", "Groß"},
         {"München", "Köln", "Berlin", "Düsseldorf"},
         {"Hauptstraße", "Bahnhofstraße", "Gartenweg"},
         "Bayern",
         "#####",
         "+49 89 ",
         "beispiel.de",
         true},
        {"ES",
         "spanish",
         {"José", "María", "Ángel", "Lucía", "Sofía", "Íñigo", "Martín", "Begoña"},
         {"García", "Fernández", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Núñez"},
         {"Madrid", "Sevilla", "Málaga", "Córdoba"},
         {"Calle Mayor", "Gran Vía", "Paseo del Prado"},
         "Andalucía",
         "#####",
         "+34 91 ",
         "ejemplo.es",
         true},
        {"PL",
         "polish",
         {"Łukasz", "Małgorzata", "Paweł", "Zofia", "Wojciech", "Agnieszka"},
         {"Kowalski", "Wiśniewska", "Wójcik", "Kamiński", "Lewandowska", "Zieliński"},
         {"Kraków", "Łódź", "Gdańsk", "Wrocław"},
         {"ul. Długa", "ul. Piękna", "ul. Złota"},
         "Mazowieckie",
         "##-###",
         "+48 22 ",
         "przyklad.pl",
         true},
        {"RU",
         "russian",
         {"Дмитрий", "Анна", "Сергей", "Екатерина", "Иван", "Ольга"},
         {"Иванов", "Смирнова", "Кузнецов", "Попова", "Соколов", "Лебедева"},
         {"Москва", "Казань", "Самара", "Пермь"},
         {"ул. Ленина", "пр. Мира", "ул. Садовая"},
         "Москва",
         "######",
         "+7 495 ",
         "primer.ru",
         false},
        {"GR",
         "greek",
         {"Γιώργος", "Μαρία", "Νίκος", "Ελένη", "Δημήτρης", "Σοφία"},
         {"Παπαδόπουλος", "Νικολάου", "Γεωργίου", "Οικονόμου", "Καραγιάννη", "Βλάχος"},
         {"Αθήνα", "Πάτρα", "Ηράκλειο", "Λάρισα"},
         {"Οδός Ερμού", "Οδός Σταδίου", "Λεωφόρος Κηφισίας"},
         "Αττική",
         "### ##",
         "+30 21 ",
         "paradeigma.gr",
         false},
        {"CN",
         "chinese",
         {"伟", "芳", "娜", "秀英", "敏", "静"},
         {"王", "李", "张", "刘", "陈", "杨"},
         {"北京", "上海", "广州", "深圳"},
         {"长安街", "南京路", "中山路"},
         "广东",
         "######",
         "+86 10 ",
         "lizi.cn",
         false},
        {"JP",
         "japanese",
         {"翔太", "さくら", "大輔", "陽子", "健", "美咲"},
         {"佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺"},
         {"東京", "大阪", "京都", "札幌"},
         {"銀座1丁目", "梅田2丁目", "中央3丁目"},
         "東京都",
         "###-####",
         "+81 3 ",
         "rei.jp",
         false},
        {"BR",
         "portuguese-br",
         {"João", "Ana", "Luís", "Beatriz", "Conceição", "Tomás"},
         {"Silva", "Santos", "Araújo", "Gonçalves", "Magalhães", "Conceição"},
         {"São Paulo", "Brasília", "Belém", "Niterói"},
         {"Rua Augusta", "Avenida Paulista", "Rua da Praia"},
         "SP",
         "#####-###",
         "+55 11 ",
         "exemplo.com.br",
         true},
        {"NL",
         "dutch",
         {"Daan", "Sanne", "Bram", "Fleur", "Joëlle", "Thijs"},
         {"de Jong", "Jansen", "de Vries", "van den Berg", "Bakker", "Visser"},
         {"Amsterdam", "Utrecht", "Den Haag", "Eindhoven"},
         {"Kerkstraat", "Dorpsstraat", "Molenweg"},
         "Noord-Holland",
         "#### AA",
         "+31 20 ",
         "voorbeeld.nl",
         true},
        {"IT",
         "italian",
         {"Niccolò", "Giulia", "Lorenzo", "Chiara", "Nicolò", "Francesca"},
         {"Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano"},
         {"Roma", "Milano", "Torino", "Napoli"},
         {"Via Roma", "Corso Italia", "Via Garibaldi"},
         "Lazio",
         "#####",
         "+39 06 ",
         "esempio.it",
         true},
        {"CA",
         "english",
         {"Liam", "Olivia", "Noah", "Émilie", "William", "Charlotte"},
         {"Tremblay", "Roy", "Gagnon", "Côté", "Bouchard", "MacDonald"},
         {"Toronto", "Montréal", "Québec", "Calgary"},
         {"King St W", "Rue Sainte-Catherine", "Yonge St"},
         "ON",
         "A#A #A#",
         "+1 416 ",
         "example.ca",
         true},
        {"AU",
         "english",
         {"Charlotte", "Jack", "Mia", "Lachlan", "Matilda", "Cooper"},
         {"Nguyen", "Kelly", "Walker", "Harris", "Ryan", "Thompson"},
         {"Sydney", "Melbourne", "Perth", "Hobart"},
         {"George St", "Collins St", "Queen St"},
         "NSW",
         "####",
         "+61 2 ",
         "example.com.au",
         true},
    };
    return list;
}

const std::array<const char*, 12> companyWords{"Hosting", "Networks", "Digital",  "Solutions",
                                               "Systems", "Labs",     "Media",    "Cloud",
                                               "Studio",  "Partners", "Webworks", "Data"};
const std::array<const char*, 8> companySuffixes{"Ltd",  "GmbH", "SARL",   "S.L.",
                                                 "Inc.", "B.V.", "S.p.A.", "Pty Ltd"};

// "Ángel" -> "angel": accents dropped for the email's local part (names come from small
// pools, so each is worked out once).
std::string asciiLocalPart(const char* name, std::size_t i)
{
    static std::unordered_map<const char*, std::string> cache;
    auto it = cache.find(name);
    if (it == cache.end()) {
        std::string out;
        for (QChar c : QString::fromUtf8(name).normalized(QString::NormalizationForm_D))
            if (c.unicode() < 0x80 && c.isLetter())
                out += char(c.toLower().unicode());
        it = cache.emplace(name, out.empty() ? std::string("user") : out).first;
    }
    return it->second + std::to_string(i);
}

std::string toNfd(const char* s)
{
    const QByteArray b = QString::fromUtf8(s).normalized(QString::NormalizationForm_D).toUtf8();
    return std::string(b.constData(), std::size_t(b.size()));
}

std::string fillPattern(const char* pattern, std::mt19937& rng)
{
    std::string out;
    for (const char* p = pattern; *p; ++p) {
        if (*p == '#')
            out += char('0' + rng() % 10);
        else if (*p == 'A')
            out += char('A' + rng() % 26);
        else
            out += *p;
    }
    return out;
}

// ISO 8601 UTC ("2024-03-01T09:30:00Z") without QDateTime or the C library's time zone
// machinery: this runs millions of times. Days to civil date after Howard Hinnant.
std::string stamp(std::int64_t epoch)
{
    const std::int64_t days = epoch >= 0 ? epoch / 86400 : (epoch - 86399) / 86400;
    const std::int64_t secs = epoch - days * 86400;
    const std::int64_t z = days + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const std::int64_t day = doy - (153 * mp + 2) / 5 + 1;
    const std::int64_t month = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    std::string out = "0000-00-00T00:00:00Z";
    auto put = [&out](std::size_t at, std::int64_t value, int digits) {
        for (int d = digits - 1; d >= 0; --d, value /= 10)
            out[at + std::size_t(d)] = char('0' + value % 10);
    };
    put(0, year, 4);
    put(5, month, 2);
    put(8, day, 2);
    put(11, secs / 3600, 2);
    put(14, secs / 60 % 60, 2);
    put(17, secs % 60, 2);
    return out;
}

struct Person {
    const Culture* culture;
    std::string first, last, email, language;
    bool nfd = false; // the names were stored decomposed
    bool twoFactor = false;
    std::string lastLogin; // '' for never
};

// The four compared values of a client, kept to compare its later links, and its company
// (for the full-text index).
struct ClientValues {
    std::string first, last, email, language, company;
    const char* status = "";
};

// A row of accord_link_differences, worked out while the data is written (a join of 1.5M
// links afterwards costs seconds): the same comparison as every other path.
struct DifferenceRow {
    std::int64_t client, user;
    int owner;
    std::array<int, 4> kinds;
    const Person* person;       // the user's values (as stored: NFD names decomposed)
    const ClientValues* values; // the client's
    bool operator<(const DifferenceRow& o) const
    {
        return client != o.client ? client < o.client : user < o.user;
    }
};

std::optional<DifferenceRow> differenceOf(const Person& user, std::int64_t userId,
                                          const ClientValues& client, std::int64_t clientId,
                                          bool owner)
{
    auto code = [](std::string_view u, std::string_view c) {
        const auto kind = compareUtf8(u, c);
        return kind ? differenceCode(*kind) : 0;
    };
    // NFD names equal their NFC form: compared as stored, the rule sees through it.
    const std::string first = user.nfd ? toNfd(user.first.c_str()) : user.first;
    const std::string last = user.nfd ? toNfd(user.last.c_str()) : user.last;
    DifferenceRow row{clientId,
                      userId,
                      owner ? 1 : 0,
                      {code(first, client.first), code(last, client.last),
                       code(user.email, client.email), code(user.language, client.language)},
                      &user,
                      &client};
    if (row.kinds == std::array<int, 4>{})
        return std::nullopt;
    return row;
}

// Everything a generated data set is made of that the index phase reads again.
struct GeneratedSample {
    std::vector<Person> people;
    std::vector<ClientValues> clientValues;
    std::vector<std::uint8_t> usersOnClient;  // per client
    std::vector<std::uint16_t> clientsOfUser; // per user
    std::int64_t users = 0, clients = 0, links = 0;
};

// Records the rows of users, clients, links and the links' differences (in primary-key
// order) into any bulk writer with integer/text/null/step (SQLite's RowWriter, a server's
// BatchInsert): the same data on every engine for the same options. False once a row was
// refused. `recorded` (if set) hears when out.people, then out.clientValues, are complete:
// neither changes after that.
template <typename Rows>
bool writeSample(std::size_t n, std::mt19937& rng, const std::string& password, std::int64_t now,
                 bool trace, const QElapsedTimer& timer, Rows& user, Rows& client, Rows& link,
                 Rows& difference, GeneratedSample& out,
                 const std::function<void(Listed)>& recorded = {})
{
    auto chance = [&](int percent) { return int(rng() % 100) < percent; };
    const auto& all = cultures();
    const std::string allPermissions = Permissions::all().toStored().toStdString();
    const std::array<std::string, 4> someSets{"profile,invoices,tickets", "invoices,quotes",
                                              "products,domains,managedomains,tickets", "tickets"};
    std::vector<Person>& people = out.people;
    people.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        const std::int64_t id = std::int64_t(i + 1);
        const Culture& c = all[rng() % all.size()];
        Person& p = people[i];
        p.culture = &c;
        const char* first = c.firstNames[rng() % c.firstNames.size()];
        const char* last = c.lastNames[rng() % c.lastNames.size()];
        p.first = first;
        p.last = last;
        p.language = chance(60) ? std::string() : std::string(c.language);
        p.email = (c.latin ? asciiLocalPart(first, i + 1) : "user" + std::to_string(i + 1)) + "@" +
                  c.domain;
        // Some users' names were stored decomposed (NFD) by another tool: equal after NFC.
        const bool nfd = chance(4);
        p.nfd = nfd;
        const std::int64_t created = now - std::int64_t(rng() % (5 * 365 * 86400));
        user.integer(1, id);
        user.text(2, nfd ? toNfd(first) : p.first);
        user.text(3, nfd ? toNfd(last) : p.last);
        user.text(4, p.email);
        user.text(5, password);
        user.text(6, p.language);
        p.twoFactor = chance(6);
        user.text(7, p.twoFactor ? "totp" : "");
        if (chance(70))
            user.text(8, stamp(created + 3600));
        else
            user.null(8);
        if (chance(80)) {
            p.lastLogin = stamp(created + std::int64_t(rng() % std::uint32_t(now - created + 1)));
            user.text(9, p.lastLogin);
        } else {
            user.null(9);
        }
        user.text(10, stamp(created));
        user.text(11, stamp(created));
        if (!user.step())
            return false;
    }
    out.users = std::int64_t(n);
    if (trace)
        std::fprintf(stderr, "%8.3f s  users recorded (from the start)\n",
                     double(timer.nsecsElapsed()) / 1e9);
    if (recorded)
        recorded(Listed::Users);

    // One client per user, owned by that user (as the vendor's 8.0 upgrade made them).
    std::vector<ClientValues>& clientValues = out.clientValues;
    clientValues.resize(n);
    std::vector<DifferenceRow> differences;
    differences.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        const std::int64_t id = std::int64_t(i + 1);
        const Person& p = people[i];
        const Culture& c = *p.culture;
        std::string first = p.first, last = p.last, email = p.email, language = p.language;
        if (chance(33)) { // the details drifted apart
            switch (rng() % 5) {
            case 0: // email case
                for (char& ch : email)
                    if (ch >= 'a' && ch <= 'z') {
                        ch = char(ch - 32);
                        break;
                    }
                break;
            case 1:
                email = "billing" + std::to_string(id) + "@" + c.domain;
                break;
            case 2: { // another surname of the same culture
                const auto at =
                    std::size_t(std::find(c.lastNames.begin(), c.lastNames.end(), p.last) -
                                c.lastNames.begin());
                last =
                    c.lastNames[(at + 1 + rng() % (c.lastNames.size() - 1)) % c.lastNames.size()];
                break;
            }
            case 3:
                language = language.empty() ? std::string(c.language) : std::string();
                break;
            default:
                first = " " + first + " ";
                break;
            }
        }
        const std::int64_t created = now - std::int64_t(rng() % (5 * 365 * 86400));
        const std::string createdText = stamp(created);
        client.integer(1, id);
        char uuidText[37];
        std::snprintf(uuidText, sizeof uuidText, "%08x-%04x-4%03x-%04x-%08x%04x", unsigned(rng()),
                      unsigned(rng() & 0xffff), unsigned(rng() & 0xfff),
                      unsigned((rng() & 0x3fff) | 0x8000), unsigned(rng()),
                      unsigned(rng() & 0xffff));
        client.text(2, uuidText);
        ClientValues& values = clientValues[i];
        values = {first, last, email, language, {}};
        if (auto d = differenceOf(p, id, values, id, true))
            differences.push_back(*d);
        client.text(3, first);
        client.text(4, last);
        if (chance(40)) {
            const char* word = companyWords[rng() % companyWords.size()];
            const char* suffix = companySuffixes[rng() % companySuffixes.size()];
            values.company = last + " " + word + " " + suffix;
        }
        client.text(5, values.company);
        client.text(6, email);
        client.text(7, std::to_string(1 + rng() % 200) + " " + c.streets[rng() % c.streets.size()]);
        client.text(8, chance(20) ? "Suite " + std::to_string(1 + rng() % 50) : std::string());
        client.text(9, c.cities[rng() % c.cities.size()]);
        client.text(10, c.state);
        client.text(11, fillPattern(c.postcodeFormat, rng));
        client.text(12, c.country);
        client.text(13, std::string(c.phonePrefix) + fillPattern("#### ####", rng));
        client.text(14, language);
        values.status = chance(90) ? "Active" : (chance(50) ? "Inactive" : "Closed");
        client.text(15, values.status);
        client.integer(16, chance(60) ? 1 : 0);
        client.text(17, createdText.substr(0, 10));
        client.text(18, createdText);
        client.text(19, createdText);
        if (!client.step())
            return false;
        link.integer(1, id);
        link.integer(2, id);
        link.integer(3, 1);
        link.text(4, allPermissions);
        link.null(5);
        link.text(6, createdText);
        link.text(7, createdText);
        if (!link.step())
            return false;
    }
    out.clients = std::int64_t(n);
    if (trace)
        std::fprintf(stderr, "%8.3f s  clients and owner links recorded (from the start)\n",
                     double(timer.nsecsElapsed()) / 1e9);
    if (recorded)
        recorded(Listed::Clients);
    out.links = std::int64_t(n);

    // Half as many again: staff and accountants on other clients, at most 3 users a
    // client, so some users reach several clients. The unique index is built afterwards,
    // so pairs are kept unique here.
    std::vector<std::uint8_t>& usersOnClient = out.usersOnClient;
    usersOnClient.assign(n, 1);
    std::vector<std::uint16_t>& clientsOfUser = out.clientsOfUser;
    clientsOfUser.assign(n, 1);
    std::unordered_set<std::uint64_t> extraPairs;
    extraPairs.reserve(n);
    const std::int64_t wantedLinks = std::int64_t(n + n / 2);
    for (std::size_t attempt = 0; attempt < 4 * n && out.links < wantedLinks && n > 1; ++attempt) {
        const std::size_t clientIndex = rng() % n;
        const std::size_t userIndex = rng() % n;
        if (usersOnClient[clientIndex] >= 3 || userIndex == clientIndex ||
            !extraPairs.insert(std::uint64_t(userIndex) << 32 | clientIndex).second)
            continue;
        ++usersOnClient[clientIndex];
        ++clientsOfUser[userIndex];
        link.integer(1, std::int64_t(userIndex + 1));
        link.integer(2, std::int64_t(clientIndex + 1));
        link.integer(3, 0);
        link.text(4, someSets[rng() % someSets.size()]);
        link.null(5);
        link.text(6, stamp(now - std::int64_t(rng() % (365 * 86400))));
        link.text(7, stamp(now));
        if (!link.step())
            return false;
        if (auto d = differenceOf(people[userIndex], std::int64_t(userIndex + 1),
                                  clientValues[clientIndex], std::int64_t(clientIndex + 1), false))
            differences.push_back(*d);
        ++out.links;
    }
    {
        // What the Mismatches report reads (rows of Accord's table, compared while the
        // links were written): in primary-key order; its indexes come with the others.
        if (trace)
            std::fprintf(stderr, "%8.3f s  all links recorded (from the start)\n",
                         double(timer.nsecsElapsed()) / 1e9);
        QElapsedTimer t;
        t.start();
        std::sort(differences.begin(), differences.end());
        for (const DifferenceRow& d : differences) {
            difference.integer(1, d.client);
            difference.integer(2, d.user);
            difference.integer(3, d.owner);
            for (int k = 0; k < 4; ++k)
                difference.integer(4 + k, d.kinds[std::size_t(k)]);
            const Person& u = *d.person;
            difference.text(8, u.nfd ? toNfd(u.first.c_str()) : u.first);
            difference.text(9, u.nfd ? toNfd(u.last.c_str()) : u.last);
            difference.text(10, u.email);
            difference.text(11, u.language);
            difference.text(12, d.values->first);
            difference.text(13, d.values->last);
            difference.text(14, d.values->email);
            difference.text(15, d.values->language);
            if (!difference.step())
                return false;
        }
        if (trace)
            std::fprintf(stderr, "%8.3f s  differences sorted and recorded (%zu rows)\n",
                         double(t.nsecsElapsed()) / 1e9, differences.size());
    }
    return true;
}

} // namespace

Result<SampleStats> SampleGenerator::generate(const SampleOptions& options) const
{
    if (options.users <= 0)
        return Error::validation(QStringLiteral("sample"),
                                 tr("The number of sample users must be positive."));
    auto empty = UserRepository(m_db->connection(), m_db->dialect()).isEmpty();
    if (!empty)
        return empty.error();
    if (!*empty)
        return Error::make(Error::Kind::Refused,
                           tr("The database already has users; sample data is only written "
                              "to an empty database."));
    if (!m_db->dialect().isEmbedded())
        return generateOnServer(options);
    const bool trace = qEnvironmentVariableIsSet("ACCORD_SAMPLE_TRACE");
    QElapsedTimer timer;
    timer.start();
    SampleStats stats;
    const std::size_t n = std::size_t(options.users);
    std::mt19937 rng(options.seed);
    const std::string password = options.password.isEmpty()
                                     ? std::string()
                                     : PasswordHasher::hash(options.password).toStdString();
    const std::int64_t now = QDateTime::currentSecsSinceEpoch();

    // Bulk mode: indexes and triggers are rebuilt afterwards in one pass each.
    SqliteBulkLoad load(m_db->connection(), trace);
    if (auto r = load.begin(); !r)
        return r.error();
    GeneratedSample sample;
    const bool recorded = writeSample(n, rng, password, now, trace, timer, load.users(),
                                      load.clients(), load.links(), load.differences(), sample);
    if (auto r = load.commit(); !r)
        return r.error();
    if (!recorded)
        return Error::make(Error::Kind::Storage, tr("Writing the sample data failed."));
    stats.users = sample.users;
    stats.clients = sample.clients;
    stats.links = sample.links;
    stats.dataSeconds = double(timer.nsecsElapsed()) / 1e9;

    timer.restart();
    const std::vector<Person>& people = sample.people;
    const std::vector<ClientValues>& clientValues = sample.clientValues;
    FullTextRows fullTextRows{n, n,
                              [&](std::size_t i) -> std::array<std::string_view, 3> {
                                  return {people[i].first, people[i].last, people[i].email};
                              },
                              [&](std::size_t i) -> std::array<std::string_view, 4> {
                                  const ClientValues& c = clientValues[i];
                                  return {c.first, c.last, c.company, c.email};
                              }};
    if (auto r = load.rebuild(sample.clientsOfUser, sample.usersOnClient, fullTextRows,
                              options.fullTextOnTheSide);
        !r)
        return r.error();
    stats.indexSeconds = double(timer.nsecsElapsed()) / 1e9;
    return stats;
}

namespace {
const QStringList userColumns{QStringLiteral("id"),
                              QStringLiteral("first_name"),
                              QStringLiteral("last_name"),
                              QStringLiteral("email"),
                              QStringLiteral("password"),
                              QStringLiteral("language"),
                              QStringLiteral("second_factor"),
                              QStringLiteral("email_verified_at"),
                              QStringLiteral("last_login"),
                              QStringLiteral("created_at"),
                              QStringLiteral("updated_at")};
const QStringList clientColumns{QStringLiteral("id"),          QStringLiteral("uuid"),
                                QStringLiteral("firstname"),   QStringLiteral("lastname"),
                                QStringLiteral("companyname"), QStringLiteral("email"),
                                QStringLiteral("address1"),    QStringLiteral("address2"),
                                QStringLiteral("city"),        QStringLiteral("state"),
                                QStringLiteral("postcode"),    QStringLiteral("country"),
                                QStringLiteral("phonenumber"), QStringLiteral("language"),
                                QStringLiteral("status"),      QStringLiteral("email_verified"),
                                QStringLiteral("datecreated"), QStringLiteral("created_at"),
                                QStringLiteral("updated_at")};
const QStringList linkColumns{QStringLiteral("auth_user_id"), QStringLiteral("client_id"),
                              QStringLiteral("owner"),        QStringLiteral("permissions"),
                              QStringLiteral("last_login"),   QStringLiteral("created_at"),
                              QStringLiteral("updated_at")};
const QStringList differenceColumns{
    QStringLiteral("client_id"),       QStringLiteral("user_id"),
    QStringLiteral("owner"),           QStringLiteral("first_name_kind"),
    QStringLiteral("last_name_kind"),  QStringLiteral("email_kind"),
    QStringLiteral("language_kind"),   QStringLiteral("user_first_name"),
    QStringLiteral("user_last_name"),  QStringLiteral("user_email"),
    QStringLiteral("user_language"),   QStringLiteral("client_firstname"),
    QStringLiteral("client_lastname"), QStringLiteral("client_email"),
    QStringLiteral("client_language")};
} // namespace

// On a server: the same rows through the engine's bulk form in one transaction, with the
// triggers' per-row bookkeeping off; the search keys, link counts and counters written
// once each from what was generated.
Result<SampleStats> SampleGenerator::generateOnServer(const SampleOptions& options) const
{
    const bool trace = qEnvironmentVariableIsSet("ACCORD_SAMPLE_TRACE");
    QElapsedTimer timer;
    timer.start();
    SampleStats stats;
    const std::size_t n = std::size_t(options.users);
    std::mt19937 rng(options.seed);
    const std::string password = options.password.isEmpty()
                                     ? std::string()
                                     : PasswordHasher::hash(options.password).toStdString();
    const std::int64_t now = QDateTime::currentSecsSinceEpoch();
    // (Before the load: its destructor waits for the texts that read them.)
    GeneratedSample sample;
    auto text = [](const std::string& s) { return QString::fromStdString(s); };
    ServerBulkLoad load(*m_db, {userColumns, clientColumns, linkColumns, differenceColumns});
    if (auto r = load.begin(); !r)
        return r.error();
    // The search texts (MariaDB's n-gram tables) are written on connections of their own
    // while the rows go on: from the names and emails, which are complete by then.
    const auto recordedTexts = [&](Listed listed) {
        if (listed == Listed::Users)
            load.startTexts(listed, qint64(n), [&](qint64 i) {
                const Person& p = sample.people[std::size_t(i)];
                return QStringList{text(p.first), text(p.last), text(p.email)};
            });
        else
            load.startTexts(listed, qint64(n), [&](qint64 i) {
                const ClientValues& c = sample.clientValues[std::size_t(i)];
                return QStringList{text(c.first), text(c.last), text(c.company), text(c.email)};
            });
    };
    const bool recorded =
        writeSample(n, rng, password, now, trace, timer, load.users(), load.clients(), load.links(),
                    load.differences(), sample, recordedTexts);
    const auto sent = load.finishRows(); // a refusal of the server names its reason
    if (!sent || !recorded)
        return Error::make(Error::Kind::Storage,
                           tr("Writing the sample data failed: %1")
                               .arg(sent ? tr("a row was refused.") : sent.error().message));
    stats.users = sample.users;
    stats.clients = sample.clients;
    stats.links = sample.links;
    stats.dataSeconds = double(timer.nsecsElapsed()) / 1e9;
    timer.restart();
    const auto record = [&](Listed listed, qint64 i) {
        ServerBulkLoad::Record r;
        const auto at = std::size_t(i);
        if (listed == Listed::Users) {
            const Person& p = sample.people[at];
            r.values = {text(p.first), text(p.last), text(p.email)};
            r.lastLogin = text(p.lastLogin);
            r.twoFactor = p.twoFactor;
            r.linkCount = sample.clientsOfUser[at];
        } else {
            const ClientValues& c = sample.clientValues[at];
            r.values = {text(c.first), text(c.last), text(c.company), text(c.email)};
            r.status = QLatin1String(c.status);
            r.linkCount = sample.usersOnClient[at];
        }
        return r;
    };
    if (auto r = load.commit(sample.users, sample.clients, sample.links, record); !r) {
        Error e = r.error();
        e.message = tr("Writing the sample data failed: %1").arg(e.message);
        return e;
    }
    stats.indexSeconds = double(timer.nsecsElapsed()) / 1e9;
    return stats;
}

} // namespace accord
