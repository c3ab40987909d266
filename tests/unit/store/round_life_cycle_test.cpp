// The round life cycle in SqliteStore: the tables that mirror the new events (a phase change
// moves the round's phase, a schedule change its times and who set them, invitations add and
// remove the organisations that may see it), the rounds due to close, the organisations by name,
// the listing's kind, sectors and schedule, and every new kind of event read back as committed.
#include <gtest/gtest.h>

#include "domain/permissions.hpp"
#include "protocol/codec.hpp"
#include "store_fixture.hpp"

namespace samrad::store::testing {
namespace {

using domain::Phase;
using domain::RoundKind;
using domain::Sector;
using domain::StreamKind;

constexpr domain::Timestamp now = 1'790'000'000'000;  // the fixture's commit time

class RoundLifeCycleStoreTest : public EveryStoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    admin = person("Adam Admin", "adam@example.se", domain::Role::admin, ministry);
  }

  // The round as the store's next command (and every read) will see it.
  domain::RoundAccess access(domain::RoundId round) { return page(round).round; }

  const store::RoundListing& listing(const std::vector<store::RoundListing>& listings,
                                     domain::RoundId round) {
    for (const auto& found : listings) {
      if (found.summary.id == round) return found;
    }
    ADD_FAILURE() << "round " << round << " not listed";
    return listings.front();
  }

  // Commits an event as the store is handed it, bypassing the domain's rules; a round_created
  // starts a round of its own.
  domain::Event append(const domain::Person& actor, domain::RoundId round, domain::EventData data,
                       domain::Timestamp at = now) {
    const Work work = [&](WriteTransaction& tx) -> Appended {
      const domain::StreamId stream{
          std::holds_alternative<domain::RoundCreated>(data) ? tx.new_id(Entity::round) : round,
          StreamKind::main};
      const domain::Event event{.stream = stream,
                                .seq = tx.next_seq(stream),
                                .at = at,
                                .actor = actor,
                                .data = data,
                                .access_after = std::nullopt};
      tx.append(event);
      return std::vector<domain::Event>{event};
    };
    const auto results = store().write(std::span(&work, 1));
    EXPECT_TRUE(results.at(0).ok()) << results.at(0).error().message;
    return results.at(0).ok() ? results[0]->front() : domain::Event{};
  }

  std::vector<domain::RoundId> due_at(domain::Timestamp time) {
    const auto due = store().rounds_due_to_close(time);
    EXPECT_TRUE(due.ok());
    std::vector<domain::RoundId> rounds;
    if (due.ok()) {
      for (const auto& round : *due) rounds.push_back(round.round);
    }
    return rounds;
  }

  domain::Person admin;
};

// --- mirrors ---

TEST_P(RoundLifeCycleStoreTest, APhaseChangeMovesTheRoundsPhaseEverywhere) {
  const auto round = open_round({malmo.id}, Phase::draft);
  EXPECT_EQ(access(round).phase, Phase::draft);
  for (const auto phase : {Phase::open, Phase::closed, Phase::decided}) {
    SCOPED_TRACE(std::string(domain::to_string(phase)));
    // A round is decided only with an outcome.
    if (phase == Phase::decided)
      commit(secretariat, domain::WriteOutcome{round, 0, "Utfall.", {}, {}});
    commit(secretariat, domain::ChangePhase{round, phase});
    EXPECT_EQ(access(round).phase, phase);
    const auto listings = store().list_rounds();
    ASSERT_TRUE(listings.ok());
    EXPECT_EQ(listing(*listings, round).summary.phase, phase);
    EXPECT_EQ(listing(*listings, round).access.phase, phase);
  }
}

TEST_P(RoundLifeCycleStoreTest, AScheduleChangeSetsTheTimesAndWhoSetThem) {
  const auto round = open_round({malmo.id});
  commit(secretariat, domain::SetSchedule{round, now - 5000, now + 5000});
  EXPECT_EQ(access(round).opens_at, now - 5000);
  EXPECT_EQ(access(round).closes_at, now + 5000);
  EXPECT_EQ(count_rows("rounds WHERE schedule_set_by = " + std::to_string(secretariat.id)), 1);

  commit(admin, domain::SetSchedule{round, std::nullopt, now + 9000});
  EXPECT_EQ(access(round).opens_at, std::nullopt);
  EXPECT_EQ(access(round).closes_at, now + 9000);
  EXPECT_EQ(count_rows("rounds WHERE schedule_set_by = " + std::to_string(admin.id)), 1);

  commit(secretariat, domain::SetSchedule{round, std::nullopt, std::nullopt});
  EXPECT_EQ(access(round).closes_at, std::nullopt);
  EXPECT_EQ(count_rows("rounds WHERE opens_at IS NULL AND closes_at IS NULL"), 1);
}

TEST_P(RoundLifeCycleStoreTest, InvitationsDecideWhoSeesTheRoundFromTheNextReadOn) {
  const auto round = open_round({malmo.id});
  commit(secretariat, domain::InviteOrganisation{round, kiruna.id});
  EXPECT_EQ(access(round).invited, (std::vector<domain::OrganisationId>{malmo.id, kiruna.id}));
  EXPECT_EQ(count_rows("round_invitations"), 2);
  auto listings = store().list_rounds();
  EXPECT_EQ(listing(*listings, round).access.invited,
            (std::vector<domain::OrganisationId>{malmo.id, kiruna.id}));

  commit(secretariat, domain::WithdrawInvitation{round, malmo.id});
  EXPECT_EQ(access(round).invited, (std::vector<domain::OrganisationId>{kiruna.id}));
  EXPECT_EQ(count_rows("round_invitations"), 1);
  listings = store().list_rounds();
  EXPECT_EQ(listing(*listings, round).access.invited,
            (std::vector<domain::OrganisationId>{kiruna.id}));
  // Malmö's people may no longer see it; Kiruna's may.
  EXPECT_FALSE(domain::can_view_round(representative, access(round)));
  EXPECT_TRUE(domain::can_view_round(kiruna_representative, access(round)));
  EXPECT_TRUE(domain::can_view_stream(kiruna_representative, access(round),
                                      StreamKind::municipal_preparation));

  // Invited again: a new row, and the events keep the whole story.
  commit(secretariat, domain::InviteOrganisation{round, malmo.id});
  EXPECT_EQ(access(round).invited, (std::vector<domain::OrganisationId>{malmo.id, kiruna.id}));
  std::vector<std::string> kinds;
  for (const auto& event : page(round).events) kinds.emplace_back(domain::kind_of(event.data));
  EXPECT_EQ(kinds, (std::vector<std::string>{"round_created", "organisation_invited",
                                             "invitation_withdrawn", "organisation_invited"}));
}

TEST_P(RoundLifeCycleStoreTest, ANewRoundsKindSectorsAndScheduleAreStoredAndListed) {
  const auto created =
      commit(secretariat, domain::CreateRound{
                              .title = "Hälsa",
                              .proposal = "Text",
                              .phase = Phase::draft,
                              .invited = {malmo.id, ministry.id},
                              .kind = RoundKind::bilateral,
                              .sectors = {Sector::social_care, Sector::school, Sector::health_care},
                              .opens_at = now + 1000,
                              .closes_at = now + 2000,
                              .agenda = {"Fråga"},
                          });
  const auto round = created.stream.round;
  const auto plain = open_round({malmo.id});
  const auto listings = store().list_rounds();
  ASSERT_TRUE(listings.ok());
  const auto& bilateral = listing(*listings, round);
  EXPECT_EQ(bilateral.summary.kind, RoundKind::bilateral);
  EXPECT_EQ(bilateral.summary.sectors,
            (std::vector<Sector>{Sector::social_care, Sector::school, Sector::health_care}));
  EXPECT_EQ(bilateral.summary.opens_at, now + 1000);
  EXPECT_EQ(bilateral.summary.closes_at, now + 2000);
  EXPECT_EQ(bilateral.summary.head_seq, 3) << "round, schedule, thread";
  EXPECT_EQ(bilateral.access.kind, RoundKind::bilateral);
  EXPECT_EQ(bilateral.access.opens_at, now + 1000);
  EXPECT_EQ(bilateral.access.closes_at, now + 2000);
  const auto& plenary = listing(*listings, plain);
  EXPECT_EQ(plenary.summary.kind, RoundKind::plenary);
  EXPECT_TRUE(plenary.summary.sectors.empty());
  EXPECT_EQ(plenary.summary.opens_at, std::nullopt);
  EXPECT_EQ(plenary.summary.closes_at, std::nullopt);

  EXPECT_EQ(access(round).kind, RoundKind::bilateral);
  EXPECT_EQ(
      count_rows(
          "rounds WHERE CAST(sectors AS TEXT) = '[\"social_care\",\"school\",\"health_care\"]'"),
      1);
  EXPECT_EQ(count_rows("threads WHERE round_id = " + std::to_string(round)), 1);
}

// --- rounds due to close ---

TEST_P(RoundLifeCycleStoreTest, DueRoundsAreExactlyTheOpenOnesWhoseClosingTimeHasCome) {
  const auto at = [&](Phase phase, std::optional<domain::Timestamp> closes_at,
                      const domain::Person& by) {
    const auto round = open_round({malmo.id}, Phase::draft);
    if (closes_at) commit(by, domain::SetSchedule{round, std::nullopt, closes_at});
    if (phase != Phase::draft) commit(secretariat, domain::ChangePhase{round, Phase::open});
    if (phase == Phase::closed || phase == Phase::decided) {
      commit(secretariat, domain::ChangePhase{round, Phase::closed});
    }
    if (phase == Phase::decided) {
      commit(secretariat, domain::WriteOutcome{round, 0, "Utfallet.", {}, {}});
      commit(secretariat, domain::ChangePhase{round, Phase::decided});
    }
    return round;
  };
  const auto later = at(Phase::open, now + 3000, secretariat);
  const auto first = at(Phase::open, now + 1000, admin);
  const auto second = at(Phase::open, now + 2000, secretariat);
  at(Phase::open, std::nullopt, secretariat);
  at(Phase::draft, now + 1000, secretariat);
  at(Phase::closed, now + 1000, secretariat);
  at(Phase::decided, now + 1000, secretariat);

  EXPECT_TRUE(due_at(now + 999).empty());
  EXPECT_EQ(due_at(now + 1000), (std::vector<domain::RoundId>{first}));
  EXPECT_EQ(due_at(now + 2999), (std::vector<domain::RoundId>{first, second})) << "by closing time";
  EXPECT_EQ(due_at(now + 1'000'000), (std::vector<domain::RoundId>{first, second, later}));

  // Each with the person who set its closing time, as the actor of the close.
  const auto due = store().rounds_due_to_close(now + 2000);
  ASSERT_TRUE(due.ok());
  ASSERT_EQ(due->size(), 2u);
  EXPECT_EQ(due->at(0).scheduled_by.id, admin.id);
  EXPECT_EQ(due->at(0).scheduled_by.name, "Adam Admin");
  EXPECT_EQ(due->at(0).scheduled_by.role, domain::Role::admin);
  EXPECT_EQ(due->at(0).scheduled_by.organisation.id, ministry.id);
  EXPECT_EQ(due->at(0).scheduled_by.organisation.kind, domain::OrganisationKind::ministry);
  EXPECT_EQ(due->at(1).scheduled_by.id, secretariat.id);

  commit(secretariat, domain::CloseAtClosingTime{first}, now + 1000);
  EXPECT_EQ(due_at(now + 2000), (std::vector<domain::RoundId>{second}));
}

TEST_P(RoundLifeCycleStoreTest, ARoundCreatedWithAClosingTimeIsDueByItsCreator) {
  auto cmd = round_command("Med tid", Phase::open, {malmo.id});
  cmd.closes_at = now + 10;
  const auto round = commit(admin, cmd).stream.round;
  const auto due = store().rounds_due_to_close(now + 10);
  ASSERT_TRUE(due.ok());
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ(due->at(0).round, round);
  EXPECT_EQ(due->at(0).scheduled_by.id, admin.id);
}

// --- organisations ---

TEST_P(RoundLifeCycleStoreTest, OrganisationsAreListedByName) {
  organisation("Arjeplogs kommun", domain::OrganisationKind::municipality);
  organisation("Region Skåne", domain::OrganisationKind::region);
  organisation("Forum för samråd", domain::OrganisationKind::other);
  const auto organisations = store().list_organisations();
  ASSERT_TRUE(organisations.ok());
  std::vector<std::string> names;
  for (const auto& organisation : *organisations) names.push_back(organisation.name);
  EXPECT_EQ(names,
            (std::vector<std::string>{"Arjeplogs kommun", "Finansdepartementet", "Forum för samråd",
                                      "Kiruna kommun", "Malmö stad", "Region Skåne"}));
  EXPECT_EQ(organisations->at(1).id, ministry.id);
  EXPECT_EQ(organisations->at(1).kind, domain::OrganisationKind::ministry);
  EXPECT_EQ(organisations->at(5).kind, domain::OrganisationKind::region);
}

TEST_P(RoundLifeCycleStoreTest, AStoreWithoutOrganisationsListsNone) {
  fresh_database();
  const auto organisations = store().list_organisations();
  ASSERT_TRUE(organisations.ok());
  EXPECT_TRUE(organisations->empty());
  EXPECT_TRUE(store().rounds_due_to_close(now)->empty());
}

// --- the new events read back ---

void expect_same(const domain::Organisation& read, const domain::Organisation& written) {
  EXPECT_EQ(read.id, written.id);
  EXPECT_EQ(read.name, written.name);
  EXPECT_EQ(read.kind, written.kind);
}

TEST_P(RoundLifeCycleStoreTest, EveryNewKindOfEventIsReadBackAsCommitted) {
  const auto round = open_round({malmo.id}, Phase::draft);
  const domain::Organisation odd{kiruna.id, "Kiruna \"kommun\" \u2028 🇸🇪", kiruna.kind};
  const std::vector<domain::EventData> written = {
      domain::PhaseChanged{Phase::draft, Phase::open, false},
      domain::PhaseChanged{Phase::open, Phase::closed, true},
      domain::ScheduleChanged{now - 1, now + 123'456},
      domain::ScheduleChanged{std::nullopt, now},
      domain::ScheduleChanged{now, std::nullopt},
      domain::ScheduleChanged{std::nullopt, std::nullopt},
      domain::OrganisationInvited{odd},
      domain::InvitationWithdrawn{odd},
      domain::RoundCreated{"Titel",
                           "Text",
                           Phase::draft,
                           {ministry, malmo},
                           RoundKind::bilateral,
                           {Sector::school, Sector::health_care}},
      domain::RoundCreated{"Titel", "", Phase::open, {}, RoundKind::plenary, {}},
      domain::RoundCreated{"Äldre", "", Phase::open, {malmo}, std::nullopt, {}},
  };
  std::vector<domain::Event> committed;
  std::vector<domain::Event> read;
  for (const auto& data : written) {
    committed.push_back(append(admin, round, data, now + 7));
    const auto stored = page(committed.back().stream.round, committed.back().seq - 1, 1).events;
    ASSERT_EQ(stored.size(), 1u);
    read.push_back(stored.front());
  }
  for (std::size_t i = 0; i < written.size(); ++i) {
    SCOPED_TRACE(std::string(domain::kind_of(written[i])) + " #" + std::to_string(i));
    EXPECT_EQ(read[i].stream, committed[i].stream);
    EXPECT_EQ(read[i].seq, committed[i].seq);
    EXPECT_EQ(read[i].at, now + 7);
    EXPECT_EQ(read[i].actor.id, admin.id);
    EXPECT_EQ(read[i].access_after, std::nullopt) << "not stored";
    ASSERT_EQ(read[i].data.index(), written[i].index());
    if (const auto* phase = std::get_if<domain::PhaseChanged>(&written[i])) {
      const auto& back = std::get<domain::PhaseChanged>(read[i].data);
      EXPECT_EQ(back.previous, phase->previous);
      EXPECT_EQ(back.phase, phase->phase);
      EXPECT_EQ(back.automatic, phase->automatic);
    } else if (const auto* schedule = std::get_if<domain::ScheduleChanged>(&written[i])) {
      const auto& back = std::get<domain::ScheduleChanged>(read[i].data);
      EXPECT_EQ(back.opens_at, schedule->opens_at);
      EXPECT_EQ(back.closes_at, schedule->closes_at);
    } else if (const auto* invited = std::get_if<domain::OrganisationInvited>(&written[i])) {
      expect_same(std::get<domain::OrganisationInvited>(read[i].data).organisation,
                  invited->organisation);
    } else if (const auto* withdrawn = std::get_if<domain::InvitationWithdrawn>(&written[i])) {
      expect_same(std::get<domain::InvitationWithdrawn>(read[i].data).organisation,
                  withdrawn->organisation);
    } else {
      const auto& created = std::get<domain::RoundCreated>(written[i]);
      const auto& back = std::get<domain::RoundCreated>(read[i].data);
      EXPECT_EQ(back.title, created.title);
      EXPECT_EQ(back.proposal, created.proposal);
      EXPECT_EQ(back.phase, created.phase);
      EXPECT_EQ(back.kind, created.kind) << "absent stays absent";
      EXPECT_EQ(back.sectors, created.sectors);
      ASSERT_EQ(back.invited.size(), created.invited.size());
      for (std::size_t j = 0; j < created.invited.size(); ++j) {
        expect_same(back.invited[j], created.invited[j]);
      }
    }
    // So a replay is the live frame, byte for byte.
    EXPECT_EQ(protocol::encode_event(read[i]), protocol::encode_event(committed[i]));
  }
}

INSTANTIATE_EVERY_STORE(RoundLifeCycleStoreTest);

}  // namespace
}  // namespace samrad::store::testing
