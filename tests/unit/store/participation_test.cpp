// Who has answered, as the SQLite store reads it: per organisation invited now, its posts in the
// main stream and in its side's preparation, its latest post, and the reminders it got; a
// withdrawn organisation is left out; reminders and their events survive a reopening.
#include <gtest/gtest.h>

#include <algorithm>

#include "store_fixture.hpp"

namespace samrad::store::testing {
namespace {

using domain::StreamKind;

class ParticipationTest : public EveryStoreTest {
 protected:
  domain::RoundParticipation read(domain::RoundId round) {
    auto read = store().read_participation(round);
    EXPECT_TRUE(read.ok()) << (read.ok() ? "" : read.error().message);
    EXPECT_TRUE(read.ok() && read->has_value()) << "no round " << round;
    return read.ok() && read->has_value() ? **read : domain::RoundParticipation{};
  }

  static const domain::OrganisationParticipation& of(const domain::RoundParticipation& listing,
                                                     const domain::Organisation& organisation) {
    const auto found =
        std::find_if(listing.organisations.begin(), listing.organisations.end(),
                     [&](const auto& entry) { return entry.organisation.id == organisation.id; });
    if (found == listing.organisations.end()) throw std::runtime_error("not listed");
    return *found;
  }

  domain::ThreadId preparation_thread(domain::RoundId round, const domain::Person& by) {
    return thread_of(commit(by,
                            domain::CreateThread{.round = round,
                                                 .title = "Kommunernas hållning",
                                                 .stream = StreamKind::municipal_preparation},
                            t0));
  }

  domain::Command remind(domain::RoundId round, const domain::Organisation& organisation,
                         std::string message = "") {
    return domain::SendReminder{round, organisation.id, std::move(message)};
  }

  static constexpr domain::Timestamp t0 = 1'790'000'000'000;
};

TEST_P(ParticipationTest, EveryInvitedOrganisationIsListedByNameWithNothingYet) {
  const auto round = open_round({malmo.id, ministry.id, kiruna.id});
  const auto listing = read(round);
  EXPECT_EQ(listing.round.id, round);
  ASSERT_EQ(listing.organisations.size(), 3u);
  EXPECT_EQ(listing.organisations[0].organisation.name, "Finansdepartementet");
  EXPECT_EQ(listing.organisations[1].organisation.name, "Kiruna kommun");
  EXPECT_EQ(listing.organisations[2].organisation.name, "Malmö stad");
  for (const auto& entry : listing.organisations) {
    EXPECT_EQ(entry.posts.main, 0);
    EXPECT_EQ(entry.posts.preparation, 0);
    EXPECT_EQ(entry.posts.latest_at, std::nullopt);
    EXPECT_EQ(entry.reminders.count, 0);
    EXPECT_EQ(entry.reminders.latest_at, std::nullopt);
  }
}

TEST_P(ParticipationTest, PostsCountPerOrganisationInTheMainStreamAndThePreparationApart) {
  const auto round = open_round({malmo.id, kiruna.id, ministry.id});
  const auto thread = add_thread(round);
  commit(representative, post_in(round, thread, "Malmö ett"), t0 + 1000);
  commit(representative, post_in(round, thread, "Malmö två"), t0 + 2000);
  commit(kiruna_representative, post_in(round, thread, "Kiruna"), t0 + 3000);
  const auto preparation = preparation_thread(round, representative);
  commit(representative, post_in(round, preparation, "Malmö förbereder"), t0 + 5000);
  commit(kiruna_representative, post_in(round, preparation, "Kiruna förbereder"), t0 + 4000);

  const auto listing = read(round);
  EXPECT_EQ(of(listing, malmo).posts.main, 2);
  EXPECT_EQ(of(listing, malmo).posts.preparation, 1);
  EXPECT_EQ(of(listing, malmo).posts.latest_at, t0 + 5000);
  EXPECT_EQ(of(listing, kiruna).posts.main, 1);
  EXPECT_EQ(of(listing, kiruna).posts.preparation, 1);
  EXPECT_EQ(of(listing, kiruna).posts.latest_at, t0 + 4000);
  EXPECT_EQ(of(listing, ministry).posts.main, 0);
  EXPECT_EQ(of(listing, ministry).posts.latest_at, std::nullopt);
}

TEST_P(ParticipationTest, PostsInAnotherRoundDoNotCount) {
  const auto round = open_round({malmo.id});
  const auto other = open_round({malmo.id}, domain::Phase::open, "Ett annat samråd");
  commit(representative, post_in(other, add_thread(other), "I den andra rundan"));
  EXPECT_EQ(of(read(round), malmo).posts.main, 0);
  EXPECT_EQ(of(read(other), malmo).posts.main, 1);
}

TEST_P(ParticipationTest, RemindersAreCountedWithTheLatestAndKeptAsEventsOfTheMainStream) {
  const auto round = open_round({malmo.id, kiruna.id});
  const auto first = commit(secretariat, remind(round, malmo, "Vi saknar era synpunkter."), t0);
  commit(secretariat, remind(round, malmo), t0 + 60'000);
  commit(secretariat, remind(round, kiruna), t0 + 30'000);

  close();
  open();  // what was committed is there after the store is opened again
  const auto listing = read(round);
  EXPECT_EQ(of(listing, malmo).reminders.count, 2);
  EXPECT_EQ(of(listing, malmo).reminders.latest_at, t0 + 60'000);
  EXPECT_EQ(of(listing, kiruna).reminders.count, 1);
  EXPECT_EQ(of(listing, malmo).posts.main, 0) << "being reminded is not taking part";

  const auto events = page(round, first.seq - 1).events;
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].stream.kind, StreamKind::main);
  const auto* sent = std::get_if<domain::ReminderSent>(&events[0].data);
  ASSERT_NE(sent, nullptr);
  EXPECT_EQ(sent->organisation.name, "Malmö stad");
  EXPECT_EQ(sent->message, "Vi saknar era synpunkter.");
  EXPECT_EQ(events[0].actor.id, secretariat.id);
  EXPECT_EQ(count_rows("reminders"), 3);
}

TEST_P(ParticipationTest, AWithdrawnOrganisationIsLeftOutAndCannotBeReminded) {
  const auto round = open_round({malmo.id, kiruna.id});
  commit(kiruna_representative, post_in(round, add_thread(round), "Kiruna"));
  commit(secretariat, domain::WithdrawInvitation{round, kiruna.id});
  const auto listing = read(round);
  ASSERT_EQ(listing.organisations.size(), 1u);
  EXPECT_EQ(listing.organisations[0].organisation.id, malmo.id);

  const Work work = command(secretariat, remind(round, kiruna));
  const auto results = store().write(std::span(&work, 1));
  ASSERT_FALSE(results.at(0).ok());
  EXPECT_EQ(results.at(0).error().code, domain::ErrorCode::not_found);
  EXPECT_EQ(count_rows("reminders"), 0) << "a refused reminder leaves nothing";
}

TEST_P(ParticipationTest, ThePositionIsTheLatestVersionWithItsStanceAndTime) {
  const auto round = open_round({malmo.id, kiruna.id});
  const auto thread = add_thread(round);
  commit(representative, domain::StatePosition{round, 0, domain::Stance::opposes, "Nej.", {}},
         t0 + 1000);
  commit(representative,
         domain::StatePosition{round,
                               1,
                               domain::Stance::supports_with_reservations,
                               "Ja, med förbehåll.",
                               {{thread, domain::Stance::opposes, ""}}},
         t0 + 2000);
  const auto listing = read(round);
  EXPECT_EQ(of(listing, malmo).position.version, 2);
  EXPECT_EQ(of(listing, malmo).position.stance, domain::Stance::supports_with_reservations);
  EXPECT_EQ(of(listing, malmo).position.latest_at, t0 + 2000);
  EXPECT_EQ(of(listing, kiruna).position.version, 0);
  EXPECT_EQ(of(listing, kiruna).position.stance, std::nullopt);
  EXPECT_EQ(of(listing, kiruna).position.latest_at, std::nullopt);

  // Every version stays in the main stream, points and all, and reads back after a reopening.
  close();
  open();
  const auto page = store().read_stream({round, StreamKind::main}, 0, 100);
  ASSERT_TRUE(page.ok() && page->has_value());
  std::vector<std::int64_t> versions;
  for (const auto& event : (*page)->events) {
    if (const auto* stated = std::get_if<domain::PositionStated>(&event.data)) {
      versions.push_back(stated->version);
      if (stated->version == 2) {
        ASSERT_EQ(stated->points.size(), 1u);
        EXPECT_EQ(stated->points[0].thread, thread);
        EXPECT_EQ(stated->points[0].stance, domain::Stance::opposes);
      }
    }
  }
  EXPECT_EQ(versions, (std::vector<std::int64_t>{1, 2}));
  // A reminder names the missing position only for an organisation without one.
  const auto to_malmo = commit(secretariat, remind(round, malmo), t0 + 3000);
  const auto to_kiruna = commit(secretariat, remind(round, kiruna), t0 + 3000);
  EXPECT_FALSE(std::get<domain::ReminderSent>(to_malmo.data).position_missing);
  EXPECT_TRUE(std::get<domain::ReminderSent>(to_kiruna.data).position_missing);
}

TEST_P(ParticipationTest, ARoundThatDoesNotExistIsNothing) {
  const auto read = store().read_participation(42);
  ASSERT_TRUE(read.ok());
  EXPECT_FALSE(read->has_value());
}

TEST_P(ParticipationTest, TheRoundComesWithWhatAuthorisingTheReadNeeds) {
  const auto round = open_round({malmo.id}, domain::Phase::draft);
  const auto listing = read(round);
  EXPECT_EQ(listing.round.phase, domain::Phase::draft);
  EXPECT_EQ(listing.round.invited, std::vector<domain::OrganisationId>{malmo.id});
}

INSTANTIATE_EVERY_STORE(ParticipationTest);

}  // namespace
}  // namespace samrad::store::testing
