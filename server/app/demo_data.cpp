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

constexpr const char* omsorg_proposal = R"(## Förslag

Staten styr äldreomsorgen genom **dialog om resultat** i stället för detaljerade villkor.

1. Riktade bidrag till äldreomsorgen förs över till det generella statsbidraget.
2. Uppföljningen sker i ett årligt samråd med kommunsektorn.
)";

constexpr const char* omsorg_proposal_revised = R"(## Förslag (reviderat)

Staten styr äldreomsorgen genom **dialog om resultat** i stället för detaljerade villkor.

1. Riktade bidrag till äldreomsorgen förs över till det generella statsbidraget.
2. Uppföljningen sker i ett årligt samråd med kommunsektorn.
3. Samverkan med regionernas hälso- och sjukvård ingår i samrådet.
)";

constexpr const char* uppfoljning_proposal = R"(## Förslag

Redovisningarna av riktade statsbidrag till skolan samordnas i en gemensam årlig rapport.
)";

class Seeder {
 public:
  Seeder(store::Store& store, const service::RecordSettings& records)
      : store_(store), records_(records) {}

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

  domain::ThreadId preparation_thread(const char* by, domain::RoundId round,
                                      domain::StreamKind stream, const char* title,
                                      domain::Timestamp at) {
    return std::get<domain::ThreadCreated>(
               append(by, at, domain::CreateThread{round, title, stream}).data)
        .thread;
  }

  domain::PostId post(const char* by, domain::RoundId round, domain::ThreadId thread,
                      std::optional<domain::PostId> reply_to, const char* body,
                      domain::Timestamp at) {
    return std::get<domain::PostCreated>(
               append(by, at, domain::CreatePost{round, thread, reply_to, body}).data)
        .post;
  }

  domain::ThreadId propose(const char* by, domain::RoundId round, const char* title,
                           const char* motivation, domain::Timestamp at) {
    return std::get<domain::AgendaItemProposed>(
               append(by, at, domain::ProposeAgendaItem{round, title, motivation}).data)
        .thread;
  }

  void remind(const char* by, domain::RoundId round, const char* organisation, const char* message,
              domain::Timestamp at) {
    append(by, at, domain::SendReminder{round, organisation_named(organisation).id, message});
  }

  // The agenda threads a round was created with, in the order given.
  std::vector<domain::ThreadId> opening_agenda(domain::RoundId round) {
    const auto page = check(store_.read_stream({round, domain::StreamKind::main}, 0, 100));
    if (!page) throw std::runtime_error("demo data: no round " + std::to_string(round));
    std::vector<domain::ThreadId> threads;
    for (const auto& event : page->events) {
      if (const auto* created = std::get_if<domain::ThreadCreated>(&event.data)) {
        threads.push_back(created->thread);
      }
    }
    return threads;
  }

  // Any other command, for its effect alone.
  void run(const char* by, domain::Timestamp at, domain::Command command) {
    append(by, at, std::move(command));
  }

  domain::OrganisationId organisation_id(std::string_view name) const {
    return organisation_named(name).id;
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
      return service::carry_out(tx, caller, at, command, records_);
    };
    return check(std::move(store_.write(std::span(&work, 1)).at(0))).at(0);
  }

  store::Store& store_;
  const service::RecordSettings& records_;
  std::vector<domain::Organisation> organisations_;
  std::vector<domain::Person> people_;
};

constexpr domain::Timestamp hours = 3600 * 1000;

}  // namespace

void seed_demo_data(store::Store& store, domain::Timestamp now,
                    const service::RecordSettings& records) {
  Seeder seed(store, records);
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
  // The secretariat reminds a ministry that has not taken part yet.
  seed.remind(sara, bidrag, "Utbildningsdepartementet",
              "Vi saknar Utbildningsdepartementets synpunkter, särskilt om statsbidragen till "
              "skolan. Samrådet stänger om två veckor.",
              at(23));

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
  // A first draft of the joint document, which neither side has approved yet.
  seed.run(
      lena, at(34),
      domain::WriteJointDocument{halsa, 0,
                                 "# Gemensam hållning om samrådsordningen\n\n"
                                 "Staten och regionerna håller **två ordinarie samråd per år**.\n\n"
                                 "- Extra samråd kan begäras av båda parter.\n"});

  // Each side prepares in round 1 on its own: the municipal side and the state side each have a
  // preparation thread only their own organisations see.
  const auto municipal_prep =
      seed.preparation_thread(anna, bidrag, domain::StreamKind::municipal_preparation,
                              "Gemensam hållning från kommunsektorn", at(10));
  const auto malmo_prep =
      seed.post(anna, bidrag, municipal_prep, std::nullopt,
                "Förslag: vi samlar kommunernas synpunkter om administrationen här innan vi "
                "skriver i den gemensamma tråden.",
                at(10.5));
  seed.post(lena, bidrag, municipal_prep, malmo_prep,
            "SKR sammanställer och lägger ett utkast här senast på fredag.", at(12));
  seed.post(erik, bidrag, municipal_prep, malmo_prep,
            "Kiruna bidrar med siffror om hur mycket tid ansökningarna tar.", at(13));
  const auto state_prep = seed.preparation_thread(
      per, bidrag, domain::StreamKind::state_preparation, "Statens linje inför samrådet", at(11));
  seed.post(per, bidrag, state_prep, std::nullopt,
            "Finansdepartementet föreslår att vi ger besked om uppföljningen i samrådet, inte "
            "i efterhand.",
            at(11.5));
  seed.post(ida, bidrag, state_prep, std::nullopt,
            "Socialdepartementet instämmer. Vi behöver en gemensam linje om omsorgen.", at(14));

  // Round 3: a draft; its invited organisations see it and may propose agenda items before it
  // opens, but nobody posts in it yet.
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

  // Round 4: closed, after a discussion with agenda items proposed by the municipal side (one
  // accepted, one declined), a revised proposal, a locked thread and a pinned post.
  const auto omsorg =
      seed.round(sara,
                 {.title = "Tillitsbaserad styrning av äldreomsorgen",
                  .proposal = omsorg_proposal,
                  .phase = domain::Phase::open,
                  .invited = {},
                  .kind = domain::RoundKind::plenary,
                  .sectors = {Sector::social_care},
                  .opens_at = std::nullopt,
                  .closes_at = std::nullopt,
                  .agenda = {}},
                 {"Socialdepartementet", "Finansdepartementet", "Sveriges Kommuner och Regioner",
                  "Malmö stad", "Kiruna kommun", "Region Skåne"},
                 at(36));
  const auto staffing = seed.thread(sara, omsorg, "Bemanning och kompetens", at(36.5));
  const auto ida_post = seed.post(ida, omsorg, staffing, std::nullopt,
                                  "Socialdepartementet vill höra hur kommunerna ser på kraven "
                                  "på bemanning i förslaget.",
                                  at(37));
  const auto malmo_reply = seed.post(
      anna, omsorg, staffing, ida_post,
      "Malmö stad menar att bemanningen bör styras av behoven, inte av nyckeltal.", at(38));
  seed.run(sara, at(38.5), domain::PinPost{omsorg, staffing, malmo_reply});
  const auto digital = seed.propose(erik, omsorg, "Digitala verktyg i hemtjänsten",
                                    "Glesbygdskommuner behöver få pröva digital tillsyn.", at(39));
  seed.run(sara, at(40),
           domain::DecideAgendaItem{omsorg, digital, true,
                                    "En viktig fråga för många kommuner; den tas upp."});
  seed.post(erik, omsorg, digital, std::nullopt,
            "Kiruna har prövat nattillsyn via kamera med gott resultat.", at(41));
  const auto fees = seed.propose(lena, omsorg, "Avgifter i äldreomsorgen",
                                 "Avgifterna skiljer sig mycket mellan kommunerna.", at(42));
  seed.run(sara, at(43),
           domain::DecideAgendaItem{omsorg, fees, false,
                                    "Avgifterna regleras i en annan utredning; frågan tas upp "
                                    "i samrådet om den i vår."});
  seed.run(sara, at(44), domain::MoveThread{omsorg, digital, staffing});
  seed.run(sara, at(45), domain::ReviseProposal{omsorg, omsorg_proposal_revised});
  seed.post(maria, omsorg, staffing, std::nullopt,
            "Region Skåne välkomnar att den reviderade versionen lyfter samverkan med vården.",
            at(46));
  seed.run(sara, at(47), domain::LockThread{omsorg, staffing, true});
  seed.run(sara, at(60), domain::ChangePhase{omsorg, domain::Phase::closed});

  // Round 5: decided.
  const auto skola = seed.round(
      sara,
      {.title = "Samordnad uppföljning av statsbidrag till skolan",
       .proposal = uppfoljning_proposal,
       .phase = domain::Phase::open,
       .invited = {},
       .kind = domain::RoundKind::bilateral,
       .sectors = {Sector::school},
       .opens_at = std::nullopt,
       .closes_at = std::nullopt,
       .agenda = {"Hur kan redovisningarna samordnas?"}},
      {"Utbildningsdepartementet", "Sveriges Kommuner och Regioner", "Malmö stad", "Kiruna kommun"},
      at(2));
  const auto question = seed.thread(sara, skola, "Vad ska följas upp nationellt?", at(2.5));
  const auto few_measures =
      seed.post(lena, skola, question, std::nullopt,
                "SKR föreslår att uppföljningen begränsas till ett fåtal gemensamma mått.", at(4));
  const auto own_measures =
      seed.post(anna, skola, question, std::nullopt,
                "Malmö stad vill att skolorna själva får välja några av måtten.", at(5));
  seed.run(lena, at(12),
           domain::StatePosition{skola,
                                 0,
                                 domain::Stance::supports,
                                 "SKR tillstyrker en samordnad uppföljning med få gemensamma mått.",
                                 {}});
  seed.run(anna, at(13),
           domain::StatePosition{skola,
                                 0,
                                 domain::Stance::supports_with_reservations,
                                 "Malmö stad tillstyrker, under förutsättning att skolorna själva "
                                 "får välja några av måtten.",
                                 {{question, domain::Stance::supports_with_reservations,
                                   "Skolorna väljer minst ett mått själva."}}});
  // Minutes of both agenda items: the discussed one links the two posts it summarises and is
  // revised with the state's comment once the round has closed, so it has a history.
  const std::string measures_state_input =
      "Utbildningsdepartementet vill följa upp ett **fåtal gemensamma mått** nationellt.";
  const std::string measures_municipal_input =
      "SKR föreslår att uppföljningen begränsas till ett fåtal mått. Malmö stad vill att "
      "skolorna själva får välja några av dem.";
  seed.run(sara, at(14),
           domain::WriteMinutes{skola,
                                question,
                                0,
                                measures_state_input,
                                measures_municipal_input,
                                "",
                                {few_measures, own_measures}});
  seed.run(sara, at(20), domain::ChangePhase{skola, domain::Phase::closed});
  seed.run(sara, at(21),
           domain::WriteMinutes{skola,
                                question,
                                1,
                                measures_state_input,
                                measures_municipal_input,
                                "Staten godtar att huvudmännen väljer ett av måtten lokalt.",
                                {few_measures, own_measures}});
  seed.run(sara, at(22),
           domain::WriteMinutes{
               skola,
               seed.opening_agenda(skola).at(0),
               0,
               "Utbildningsdepartementet vill att huvudmännen redovisar statsbidragen i en "
               "gemensam årlig rapport.",
               "SKR ser positivt på en gemensam rapport om den inte kräver nya system.",
               "Staten tar fram rapportmallen tillsammans med SKR.",
               {}});
  // The outcome and a reservation are events of this round alone, so no other round's ids move.
  seed.run(sara, at(24),
           domain::WriteOutcome{
               skola,
               0,
               "Staten och kommunsektorn är överens om en **samordnad uppföljning** med ett fåtal "
               "gemensamma mått från läsåret 2027/28.",
               {"Uppföljningen begränsas till högst fem gemensamma mått.",
                "Redovisningen sker en gång per år i en gemensam rapport."},
               {{"Skolorna vill själva välja några av måtten",
                 {own_measures},
                 {seed.organisation_id("Malmö stad"),
                  seed.organisation_id("Sveriges Kommuner och Regioner")},
                 domain::Acceptance::partly_accepted,
                 "Huvudmännen får välja ett av de fem måtten; de övriga är gemensamma för att "
                 "kunna jämföras nationellt."}}});
  seed.run(anna, at(26),
           domain::AttachDissent{skola,
                                 "Malmö stad reserverar sig mot att endast ett av måtten får "
                                 "väljas lokalt."});
  // The joint document: SKR writes it and approves it for the municipal side, the secretariat
  // revises it, and both sides approve the revision (an approval holds for its version only).
  seed.run(lena, at(27),
           domain::WriteJointDocument{
               skola, 0,
               "# Gemensam uppföljning av statsbidrag till skolan\n\n"
               "Staten och kommunsektorn följer upp statsbidragen till skolan med ett fåtal "
               "gemensamma mått.\n\n- Redovisningen sker en gång per år.\n"});
  seed.run(lena, at(27.5), domain::ApproveJointDocument{skola, 1});
  seed.run(sara, at(28),
           domain::WriteJointDocument{
               skola, 1,
               "# Gemensam uppföljning av statsbidrag till skolan\n\n"
               "Staten och kommunsektorn följer upp statsbidragen till skolan med högst fem "
               "gemensamma mått från läsåret 2027/28.\n\n"
               "- Redovisningen sker en gång per år i en gemensam rapport.\n"
               "- Huvudmännen väljer ett av måtten själva.\n"});
  seed.run(sara, at(28.5), domain::ApproveJointDocument{skola, 2});
  seed.run(anna, at(29), domain::ApproveJointDocument{skola, 2});
  seed.run(sara, at(30), domain::ChangePhase{skola, domain::Phase::decided});

  // Moderation in round 1, seeded last so that the ids of everything above stay as they were:
  // Kiruna corrects its post, the secretariat hides a post that names an official, and Region
  // Skåne reports SKR's post, which waits in the secretariat's queue.
  seed.run(erik, at(23),
           domain::EditPost{bidrag, kiruna,
                            "För en kommun av Kirunas storlek går ungefär en halv "
                            "handläggartjänst åt till att söka och redovisa riktade bidrag. "
                            "Flera bidrag avstår vi helt från att söka."});
  const auto named = seed.post(johan, bidrag, small, kiruna,
                               "Hos oss har handläggaren Lisa Nyström fått lägga hela hösten på "
                               "ansökningar, och hon är nu sjukskriven av stressen.",
                               at(23.5));
  seed.run(sara, at(24),
           domain::HidePost{bidrag, named, "Innehåller personuppgifter om en enskild handläggare"});
  seed.run(maria, at(25),
           domain::ReportPost{bidrag, skr,
                              "Inlägget framställs som hela kommunsektorns hållning, men "
                              "regionerna har inte tagit ställning ännu."});

  // Positions in round 1: Malmö stad revises its position once (its history has two versions),
  // Kiruna kommun opposes one point in particular, and several organisations have not answered.
  seed.run(lena, at(26),
           domain::StatePosition{bidrag,
                                 0,
                                 domain::Stance::supports,
                                 "SKR tillstyrker förslaget. Generella statsbidrag ger kommuner "
                                 "och regioner **bättre förutsättningar att planera** och minskar "
                                 "administrationen.",
                                 {}});
  seed.run(anna, at(26.5),
           domain::StatePosition{bidrag,
                                 0,
                                 domain::Stance::supports_with_reservations,
                                 "Malmö stad tillstyrker, under förutsättning att uppföljningen "
                                 "utgår från verksamhetens resultat.",
                                 {{follow_up, domain::Stance::supports_with_reservations,
                                   "Uppföljningen ska inte kräva redovisning per krona."}}});
  seed.run(erik, at(27),
           domain::StatePosition{
               bidrag,
               0,
               domain::Stance::opposes,
               "Kiruna kommun avstyrker i nuvarande form. Förslaget tar inte "
               "hänsyn till glesbygdens särskilda kostnader.",
               {{small, domain::Stance::opposes, "Utjämningen behöver ses över först."},
                {follow_up, domain::Stance::supports, ""}}});
  seed.run(per, at(28),
           domain::StatePosition{bidrag,
                                 0,
                                 domain::Stance::supports_with_reservations,
                                 "Finansdepartementet tillstyrker inriktningen men vill behålla "
                                 "möjligheten till riktade bidrag vid nationella satsningar.",
                                 {}});
  seed.run(anna, at(30),
           domain::StatePosition{bidrag,
                                 1,
                                 domain::Stance::supports,
                                 "Malmö stad tillstyrker förslaget efter samrådets diskussion om "
                                 "uppföljningen.",
                                 {{follow_up, domain::Stance::supports, ""}}});
}

void print_demo_logins(std::ostream& out) {
  out << "Demo logins (password: " << demo_password << "):\n";
  for (const auto& person : demo_people) {
    out << "  " << person.email << "  " << person.name << ", " << person.organisation << " ("
        << domain::to_string(person.role) << ")\n";
  }
}

}  // namespace samrad::app
