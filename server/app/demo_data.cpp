// Demo data (see demo_data.hpp).
#include "app/demo_data.hpp"

#include <array>
#include <ostream>
#include <stdexcept>

#include "auth/password.hpp"
#include "service/command_handler.hpp"

namespace samrad::app {

namespace {

using domain::OrganisationKind;
using domain::Role;
using domain::Sector;

struct DemoPerson {
  const char* email;
  const char* name;
  Role role;
  const char* organisation;
};

constexpr std::array demo_people{
    DemoPerson{"sekretariat@samrad.example", "Sara Ekström", Role::secretariat,
               "Samrådssekretariatet"},
    DemoPerson{"admin@samrad.example", "Karin Holm", Role::admin, "Samrådssekretariatet"},
    DemoPerson{"anna.lind@malmo.example", "Anna Lind", Role::representative, "Malmö stad"},
    DemoPerson{"erik.nilsson@kiruna.example", "Erik Nilsson", Role::representative,
               "Kiruna kommun"},
    DemoPerson{"maria.berg@skane.example", "Maria Berg", Role::representative, "Region Skåne"},
    DemoPerson{"johan.pekkari@norrbotten.example", "Johan Pekkari", Role::representative,
               "Region Norrbotten"},
    DemoPerson{"lena.sjoberg@skr.example", "Lena Sjöberg", Role::representative,
               "Sveriges Kommuner och Regioner"},
    DemoPerson{"per.holm@finans.example", "Per Holm", Role::representative, "Finansdepartementet"},
    DemoPerson{"ida.strom@social.example", "Ida Ström", Role::representative,
               "Socialdepartementet"},
    DemoPerson{"lars.ek@skolverket.example", "Lars Ek", Role::representative, "Skolverket"},
    DemoPerson{"eva.lund@finans.example", "Eva Lund", Role::observer, "Finansdepartementet"},
};

constexpr std::array<std::pair<const char*, OrganisationKind>, 11> demo_organisations{{
    {"Samrådssekretariatet", OrganisationKind::other},
    {"Finansdepartementet", OrganisationKind::ministry},
    {"Socialdepartementet", OrganisationKind::ministry},
    {"Utbildningsdepartementet", OrganisationKind::ministry},
    {"Skolverket", OrganisationKind::agency},
    {"Sveriges Kommuner och Regioner", OrganisationKind::association},
    {"Region Skåne", OrganisationKind::region},
    {"Region Norrbotten", OrganisationKind::region},
    {"Malmö stad", OrganisationKind::municipality},
    {"Kiruna kommun", OrganisationKind::municipality},
    {"Statskontoret", OrganisationKind::agency},
}};

constexpr const char* statsbidrag_proposal = R"(## Bakgrund

Tillitsdelegationen konstaterar i sitt huvudbetänkande *Med tillit växer handlingsutrymmet*
(SOU 2018:47) att det stora antalet riktade statsbidrag till kommuner och regioner skapar
administration, kortsiktighet och detaljstyrning som inte står i proportion till nyttan.

## Förslag

1. **Generella statsbidrag ska vara huvudprincipen** för statens finansiering av kommunal
   verksamhet.
2. Riktade statsbidrag används bara när det finns särskilda skäl, och då med
   - en tydlig avgränsning i tid,
   - enkel ansökan och redovisning,
   - ett samråd med kommunsektorn innan bidraget utformas.
3. Befintliga riktade bidrag inom hälso- och sjukvård, skola och socialtjänst ses över och förs
   successivt över till det generella statsbidraget.

## Frågor till samrådet

- Hur påverkas er verksamhet av dagens riktade statsbidrag?
- Vilka särskilda skäl kan motivera riktade bidrag även framöver?
- Hur bör uppföljningen utformas så att den ger lärande utan att bli detaljstyrning?

Läs mer i [SOU 2018:47](https://www.regeringen.se/rattsliga-dokument/statens-offentliga-utredningar/2018/06/sou-201847/).
)";

constexpr const char* halsa_proposal = R"(## Förslag

En **nationell konsultationsordning** inrättas mellan staten och regionerna för hälso- och
sjukvården. Ordningen ska ge en strukturerad dialog innan staten fattar beslut som påverkar
regionernas verksamhet, i stället för att styra genom detaljerade villkor i efterhand.

- Samråd hålls minst två gånger per år och inför större reformer.
- Båda parter kan föra upp frågor på dagordningen.
- Protokollet anger parternas synpunkter och statens svar på varje punkt.
)";

constexpr const char* skola_proposal = R"(## Utkast

Statens tillsyn av skolan utformas så att den bygger på tillit till professionen: färre
detaljerade krav på dokumentation, mer dialog om resultat och förutsättningar.

*Utkastet bearbetas av sekretariatet innan rundan öppnas.*
)";

class Seeder {
 public:
  explicit Seeder(store::Store& store) : store_(store) {}

  void organisations() {
    for (const auto& [name, kind] : demo_organisations) {
      organisations_.push_back({check(store_.create_organisation(name, kind)), name, kind});
    }
  }

  void people() {
    // One hash for all demo people: argon2id is slow on purpose and the password is the same.
    const std::string hash = auth::hash_password(demo_password);
    for (const auto& demo : demo_people) {
      const auto organisation = organisation_named(demo.organisation);
      store::NewPerson person{demo.name, demo.email, demo.role, organisation.id, hash};
      people_.push_back(
          {check(store_.create_person(person)), demo.name, demo.email, demo.role, organisation});
    }
  }

  domain::RoundId round(const char* by, domain::CreateRound command,
                        const std::vector<const char*>& invited, domain::Timestamp at) {
    for (const char* name : invited) command.invited.push_back(organisation_named(name).id);
    return append(by, at, std::move(command)).stream.round;
  }

  domain::ThreadId thread(const char* by, domain::RoundId round, const char* title,
                          domain::Timestamp at) {
    return std::get<domain::ThreadCreated>(append(by, at, domain::CreateThread{round, title}).data)
        .thread;
  }

  domain::PostId post(const char* by, domain::RoundId round, domain::ThreadId thread,
                      std::optional<domain::PostId> reply_to, const char* body,
                      domain::Timestamp at) {
    return std::get<domain::PostCreated>(
               append(by, at, domain::CreatePost{round, thread, reply_to, body}).data)
        .post;
  }

  std::vector<const char*> every_organisation() const {
    std::vector<const char*> names;
    for (const auto& [name, kind] : demo_organisations) names.push_back(name);
    return names;
  }

 private:
  template <class T>
  static T check(domain::Result<T> result) {
    if (!result) throw std::runtime_error("demo data refused: " + result.error().message);
    return std::move(result).value();
  }

  const domain::Organisation& organisation_named(std::string_view name) const {
    for (const auto& organisation : organisations_) {
      if (organisation.name == name) return organisation;
    }
    throw std::runtime_error("demo data: no organisation " + std::string(name));
  }

  const domain::Person& person_with_email(std::string_view email) const {
    for (const auto& person : people_) {
      if (person.email == email) return person;
    }
    throw std::runtime_error("demo data: no person " + std::string(email));
  }

  // Carries the command out as the server would for that person, through the same handler.
  domain::Event append(const char* by, domain::Timestamp at, domain::Command command) {
    const service::Caller caller{person_with_email(by), std::nullopt};
    const store::Work work = [&](store::WriteTransaction& tx) {
      return service::carry_out(tx, caller, at, command);
    };
    return check(std::move(store_.write(std::span(&work, 1)).at(0))).at(0);
  }

  store::Store& store_;
  std::vector<domain::Organisation> organisations_;
  std::vector<domain::Person> people_;
};

constexpr domain::Timestamp hours = 3600 * 1000;

}  // namespace

void seed_demo_data(store::Store& store, domain::Timestamp now) {
  Seeder seed(store);
  seed.organisations();
  seed.people();

  const char* sara = "sekretariat@samrad.example";
  const char* lena = "lena.sjoberg@skr.example";
  const char* per = "per.holm@finans.example";
  const char* anna = "anna.lind@malmo.example";
  const char* erik = "erik.nilsson@kiruna.example";
  const char* johan = "johan.pekkari@norrbotten.example";
  const char* lars = "lars.ek@skolverket.example";
  const char* maria = "maria.berg@skane.example";
  const char* ida = "ida.strom@social.example";
  auto at = [start = now - 72 * hours](double hours_in) {
    return start + static_cast<domain::Timestamp>(hours_in * hours);
  };

  // Round 1: every organisation invited, open, with a discussion under way.
  const auto bidrag =
      seed.round(sara,
                 {.title = "Generella statsbidrag som huvudprincip",
                  .proposal = statsbidrag_proposal,
                  .phase = domain::Phase::open,
                  .invited = {},
                  .kind = domain::RoundKind::plenary,
                  .sectors = {Sector::health_care, Sector::school, Sector::social_care},
                  .opens_at = std::nullopt,
                  .closes_at = now + 14 * 24 * hours,
                  .agenda = {}},
                 seed.every_organisation(), at(0));
  const auto overall = seed.thread(sara, bidrag, "Övergripande synpunkter på förslaget", at(0.5));
  const auto small =
      seed.thread(sara, bidrag, "Konsekvenser för små och glesbefolkade kommuner", at(0.6));
  const auto follow_up = seed.thread(sara, bidrag, "Uppföljning utan detaljstyrning", at(0.7));

  const auto skr = seed.post(lena, bidrag, overall, std::nullopt,
                             "SKR välkomnar förslaget. Ett stort antal riktade statsbidrag "
                             "skapar i dag **administration och kortsiktighet** i kommuner "
                             "och regioner. Vi ser generella bidrag som huvudregel som ett "
                             "viktigt steg mot tillitsbaserad styrning.",
                             at(3));
  const auto finans = seed.post(per, bidrag, overall, skr,
                                "Finansdepartementet delar ambitionen. Samtidigt behöver "
                                "staten kunna följa att medlen gör nytta, särskilt vid "
                                "nationella satsningar med tydliga mål.",
                                at(5));
  seed.post(anna, bidrag, overall, finans,
            "Malmö stad instämmer i att uppföljning behövs, men den bör utgå från "
            "verksamhetens resultat och inte från hur varje krona har använts.",
            at(6.5));
  const auto kiruna = seed.post(erik, bidrag, small, std::nullopt,
                                "För en kommun av Kirunas storlek går en stor del av en "
                                "handläggartjänst åt till att söka och redovisa riktade "
                                "bidrag. Flera bidrag avstår vi helt från att söka.",
                                at(8));
  seed.post(johan, bidrag, small, kiruna,
            "Region Norrbotten känner igen bilden. Korta ansökningsfönster gynnar den som har "
            "stora administrativa resurser, inte den som har störst behov.",
            at(9));
  const auto skolverket = seed.post(lars, bidrag, follow_up, std::nullopt,
                                    "Skolverket föreslår att uppföljningen samlas i en "
                                    "gemensam årlig dialog i stället för separata "
                                    "redovisningar per bidrag.",
                                    at(20));
  seed.post(maria, bidrag, follow_up, skolverket,
            "Region Skåne stöder en gemensam dialog. Den bör också omfatta vad staten själv "
            "har lärt sig av uppföljningen.",
            at(22));

  // Round 2: bilateral, only the health-care parties are invited.
  const auto halsa = seed.round(sara,
                                {.title = "Nationell konsultationsordning för hälso- och sjukvård",
                                 .proposal = halsa_proposal,
                                 .phase = domain::Phase::open,
                                 .invited = {},
                                 .kind = domain::RoundKind::bilateral,
                                 .sectors = {Sector::health_care},
                                 .opens_at = std::nullopt,
                                 .closes_at = now + 21 * 24 * hours,
                                 .agenda = {}},
                                {"Socialdepartementet", "Sveriges Kommuner och Regioner",
                                 "Region Skåne", "Region Norrbotten"},
                                at(24));
  const auto forms = seed.thread(sara, halsa, "Former för samrådet", at(24.5));
  const auto social = seed.post(ida, halsa, forms, std::nullopt,
                                "Socialdepartementet föreslår två ordinarie samråd per år, "
                                "med möjlighet till extra möten inför större reformer.",
                                at(30));
  seed.post(maria, halsa, forms, social,
            "Region Skåne vill att regionerna också ska kunna begära extra samråd.", at(33));

  // Round 3: a draft only the secretariat sees.
  seed.round(sara,
             {.title = "Tillitsbaserad tillsyn inom skolan",
              .proposal = skola_proposal,
              .phase = domain::Phase::draft,
              .invited = {},
              .kind = domain::RoundKind::plenary,
              .sectors = {Sector::school},
              .opens_at = std::nullopt,
              .closes_at = std::nullopt,
              .agenda = {}},
             {"Utbildningsdepartementet", "Skolverket", "Sveriges Kommuner och Regioner",
              "Malmö stad", "Kiruna kommun"},
             at(48));
}

void print_demo_logins(std::ostream& out) {
  out << "Demo logins (password: " << demo_password << "):\n";
  for (const auto& person : demo_people) {
    out << "  " << person.email << "  " << person.name << ", " << person.organisation << " ("
        << domain::to_string(person.role) << ")\n";
  }
}

}  // namespace samrad::app
