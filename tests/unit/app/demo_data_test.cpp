// The demo data (app/demo_data.cpp, then app/demo_accounts.cpp, as `samrad --demo-data` seeds
// them): it seeds an empty SQLite store through the real command and account handlers without
// a refusal, and holds what the README and the protocol's agenda slice promise: the demo
// accounts (a person still to choose a password, a deactivated one) beside a round in every
// phase, a bilateral round, preparation threads on both sides of round 1, and round 4 closed
// after agenda items (one accepted and moved, one declined with a reason), a locked thread with
// Malmö's reply pinned and a proposal revised to version 2; in round 1 a reminder to an
// organisation that has not taken part, an edited post, a hidden post and an open report. Every
// event is written by someone who may see its stream, in time order within each stream.
#include "app/demo_data.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "app/demo_accounts.hpp"
#include "domain/permissions.hpp"
#include "domain/text.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace samrad::app {
namespace {

using domain::AgendaStatus;
using domain::Phase;
using domain::StreamKind;

constexpr domain::Timestamp now = 1'800'000'000'000;

class DemoDataTest : public ::testing::Test {
 protected:
  // Seeded once for the suite: argon2id makes seeding take a moment, and no test writes.
  static void SetUpTestSuite() {
    std::string pattern = (std::filesystem::temp_directory_path() / "samrad-demo-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = new std::filesystem::path(pattern);
    store_ = new store::SqliteStore((*dir_ / "samrad.db").string());
    ASSERT_NO_THROW(seed_demo_data(*store_, now, {.log_origin = "test.example/log"}));
    ASSERT_NO_THROW(seed_demo_accounts(*store_, now));
  }
  static void TearDownTestSuite() {
    delete store_;
    store_ = nullptr;
    if (dir_) std::filesystem::remove_all(*dir_);
    delete dir_;
    dir_ = nullptr;
  }
  void SetUp() override { ASSERT_NE(store_, nullptr); }

  static store::SqliteStore& store() { return *store_; }

  // The round with this title, as the listing has it.
  static store::RoundListing round_titled(const std::string& title) {
    const auto listings = store().list_rounds();
    EXPECT_TRUE(listings.ok());
    if (listings.ok()) {
      for (const auto& listing : *listings) {
        if (listing.summary.title == title) return listing;
      }
    }
    ADD_FAILURE() << "no round " << title;
    return {};
  }

  static store::StreamPage stream(domain::RoundId round, StreamKind kind) {
    const auto page = store().read_stream({round, kind}, 0, 100'000);
    EXPECT_TRUE(page.ok() && page->has_value()) << "round " << round;
    return page.ok() && page->has_value() ? **page : store::StreamPage{};
  }

  static domain::Person person(const std::string& email) {
    const auto login = store().find_login(email);
    EXPECT_TRUE(login.ok() && login->has_value()) << email;
    return login.ok() && login->has_value() ? (*login)->person : domain::Person{};
  }

  // The thread as the next command would see it; the reading unit is rolled back.
  static std::optional<domain::ThreadFacts> thread_facts(domain::ThreadId thread) {
    std::optional<domain::ThreadFacts> facts;
    const store::Work read = [&](store::WriteTransaction& tx) -> store::Appended {
      facts = tx.thread(thread);
      return domain::make_error(domain::ErrorCode::internal, "only reading");
    };
    store().write(std::span(&read, 1));
    return facts;
  }

  // The id of the thread a stream created (or had proposed) with this title.
  static domain::ThreadId thread_titled(const store::StreamPage& page, const std::string& title) {
    for (const auto& event : page.events) {
      if (const auto* created = std::get_if<domain::ThreadCreated>(&event.data)) {
        if (created->title == title) return created->thread;
      }
      if (const auto* proposed = std::get_if<domain::AgendaItemProposed>(&event.data)) {
        if (proposed->title == title) return proposed->thread;
      }
    }
    ADD_FAILURE() << "no thread " << title;
    return 0;
  }

  // The events of a kind, in order.
  template <class Data>
  static std::vector<std::pair<domain::Event, Data>> all_of(const store::StreamPage& page) {
    std::vector<std::pair<domain::Event, Data>> found;
    for (const auto& event : page.events) {
      if (const auto* data = std::get_if<Data>(&event.data)) found.emplace_back(event, *data);
    }
    return found;
  }

  static std::vector<std::pair<domain::Event, domain::PostCreated>> posts_in(
      const store::StreamPage& page, domain::ThreadId thread) {
    auto posts = all_of<domain::PostCreated>(page);
    std::erase_if(posts, [&](const auto& post) { return post.second.thread != thread; });
    return posts;
  }

  static std::vector<std::string> authors(
      const std::vector<std::pair<domain::Event, domain::PostCreated>>& posts) {
    std::vector<std::string> names;
    for (const auto& [event, post] : posts) names.push_back(event.actor.name);
    return names;
  }

 private:
  static inline std::filesystem::path* dir_ = nullptr;
  static inline store::SqliteStore* store_ = nullptr;
};

constexpr const char* omsorg_title = "Tillitsbaserad styrning av äldreomsorgen";
constexpr const char* skola_title = "Samordnad uppföljning av statsbidrag till skolan";
constexpr const char* bidrag_title = "Generella statsbidrag som huvudprincip";

TEST_F(DemoDataTest, HoldsARoundInEveryPhaseAndBothKinds) {
  const auto listings = store().list_rounds();
  ASSERT_TRUE(listings.ok());
  EXPECT_EQ(listings->size(), 5u);
  std::set<Phase> phases;
  std::set<domain::RoundKind> kinds;
  for (const auto& listing : *listings) {
    phases.insert(listing.summary.phase);
    kinds.insert(listing.summary.kind);
  }
  EXPECT_EQ(phases, (std::set<Phase>{Phase::draft, Phase::open, Phase::closed, Phase::decided}));
  EXPECT_EQ(kinds, (std::set<domain::RoundKind>{domain::RoundKind::plenary,
                                                domain::RoundKind::bilateral}));
  EXPECT_FALSE(store().is_empty().value());
}

TEST_F(DemoDataTest, HoldsTheDemoAccountsBesideTheRounds) {
  const auto people = store().list_people(now);
  ASSERT_TRUE(people.ok());
  EXPECT_EQ(people->size(), 13u);
  std::map<std::string, domain::PersonRecord> by_email;
  for (const auto& listing : *people) by_email[listing.record.person.email] = listing.record;
  ASSERT_TRUE(by_email.contains("sofia.akesson@skane.example"));
  EXPECT_TRUE(by_email["sofia.akesson@skane.example"].active);
  EXPECT_FALSE(by_email["sofia.akesson@skane.example"].has_password);
  ASSERT_TRUE(by_email.contains("olof.berglund@kiruna.example"));
  EXPECT_FALSE(by_email["olof.berglund@kiruna.example"].active);
  EXPECT_TRUE(by_email["anna.lind@malmo.example"].has_password);
  EXPECT_EQ(store().list_rounds()->size(), 5u);
}

TEST_F(DemoDataTest, EveryEventIsWrittenBySomeoneWhoMaySeeItsStreamInTimeOrder) {
  const auto listings = store().list_rounds();
  ASSERT_TRUE(listings.ok());
  for (const auto& listing : *listings) {
    for (const auto kind : domain::stream_kinds) {
      SCOPED_TRACE(listing.summary.title + " " + std::string(domain::to_string(kind)));
      const auto page = stream(listing.summary.id, kind);
      EXPECT_EQ(page.head_seq, static_cast<domain::Seq>(page.events.size()));
      domain::Timestamp last = 0;
      for (std::size_t i = 0; i < page.events.size(); ++i) {
        const auto& event = page.events[i];
        EXPECT_EQ(event.seq, static_cast<domain::Seq>(i + 1));
        EXPECT_GE(event.at, last) << "seq " << event.seq;
        last = event.at;
        EXPECT_LE(event.at, now) << "seq " << event.seq << ": in the future";
        // A report is made by someone who reads the post, into the secretariat's stream.
        const auto audience =
            std::holds_alternative<domain::PostReported>(event.data) ? StreamKind::main : kind;
        EXPECT_TRUE(domain::can_view_stream(event.actor, page.round, audience))
            << event.actor.name << " wrote seq " << event.seq;
      }
    }
  }
}

TEST_F(DemoDataTest, Round1HasAReminderToAnOrganisationThatHasNotTakenPart) {
  const auto bidrag = round_titled(bidrag_title).summary.id;
  const auto participation = store().read_participation(bidrag);
  ASSERT_TRUE(participation.ok() && participation->has_value());
  std::vector<std::string> reminded;
  for (const auto& entry : (*participation)->organisations) {
    if (entry.reminders.count == 0) continue;
    reminded.push_back(entry.organisation.name);
    EXPECT_EQ(entry.posts.main + entry.posts.preparation, 0) << entry.organisation.name;
  }
  EXPECT_EQ(reminded, std::vector<std::string>{"Utbildningsdepartementet"});

  std::vector<domain::ReminderSent> sent;
  for (const auto& event : stream(bidrag, StreamKind::main).events) {
    if (const auto* reminder = std::get_if<domain::ReminderSent>(&event.data)) {
      sent.push_back(*reminder);
      EXPECT_EQ(event.actor.role, domain::Role::secretariat);
    }
  }
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_FALSE(domain::is_blank(sent.front().message));
  // Others have taken part: the table has both kinds of row to show.
  EXPECT_TRUE(std::any_of((*participation)->organisations.begin(),
                          (*participation)->organisations.end(),
                          [](const auto& entry) { return entry.posts.main > 0; }));
}

TEST_F(DemoDataTest, Round1HasPositionsOneRevisedAndOrganisationsThatHaveNotAnswered) {
  const auto bidrag = round_titled(bidrag_title).summary.id;
  std::map<std::string, std::vector<domain::Stance>> versions;
  bool has_point = false;
  for (const auto& event : stream(bidrag, StreamKind::main).events) {
    if (const auto* stated = std::get_if<domain::PositionStated>(&event.data)) {
      EXPECT_EQ(event.actor.role, domain::Role::representative);
      EXPECT_EQ(event.actor.organisation.id, stated->organisation.id);
      auto& list = versions[stated->organisation.name];
      list.push_back(stated->stance);
      EXPECT_EQ(stated->version, static_cast<std::int64_t>(list.size()));
      has_point = has_point || !stated->points.empty();
    }
  }
  EXPECT_EQ(versions["Malmö stad"],
            (std::vector{domain::Stance::supports_with_reservations, domain::Stance::supports}));
  EXPECT_EQ(versions["Kiruna kommun"], std::vector{domain::Stance::opposes});
  EXPECT_TRUE(has_point);
  const auto participation = store().read_participation(bidrag);
  ASSERT_TRUE(participation.ok() && participation->has_value());
  const auto unanswered =
      std::count_if((*participation)->organisations.begin(), (*participation)->organisations.end(),
                    [](const auto& entry) { return entry.position.version == 0; });
  EXPECT_GE(unanswered, 3) << "the tally has organisations left to remind";
}

TEST_F(DemoDataTest, Round1HasAPreparationThreadOnEachSide) {
  const auto bidrag = round_titled(bidrag_title).summary.id;
  const auto municipal = stream(bidrag, StreamKind::municipal_preparation);
  const auto municipal_thread = thread_titled(municipal, "Gemensam hållning från kommunsektorn");
  ASSERT_FALSE(municipal.events.empty());
  EXPECT_EQ(municipal.events.front().actor.name, "Anna Lind");
  EXPECT_EQ(authors(posts_in(municipal, municipal_thread)),
            (std::vector<std::string>{"Anna Lind", "Lena Sjöberg", "Erik Nilsson"}));
  EXPECT_EQ(thread_facts(municipal_thread)->stream, StreamKind::municipal_preparation);

  const auto state = stream(bidrag, StreamKind::state_preparation);
  const auto state_thread = thread_titled(state, "Statens linje inför samrådet");
  ASSERT_FALSE(state.events.empty());
  EXPECT_EQ(state.events.front().actor.name, "Per Holm");
  EXPECT_EQ(authors(posts_in(state, state_thread)),
            (std::vector<std::string>{"Per Holm", "Ida Ström"}));
  EXPECT_EQ(thread_facts(state_thread)->stream, StreamKind::state_preparation);

  // Each side's preparation is its own: the other side may not see it.
  const auto access = stream(bidrag, StreamKind::main).round;
  EXPECT_FALSE(domain::can_view_stream(person("per.holm@finans.example"), access,
                                       StreamKind::municipal_preparation));
  EXPECT_FALSE(domain::can_view_stream(person("anna.lind@malmo.example"), access,
                                       StreamKind::state_preparation));
  EXPECT_FALSE(domain::can_view_stream(person("sekretariat@samrad.example"), access,
                                       StreamKind::municipal_preparation));
  // Round 1's main stream has none of it.
  for (const auto& [event, created] :
       all_of<domain::ThreadCreated>(stream(bidrag, StreamKind::main))) {
    EXPECT_NE(created.thread, municipal_thread);
    EXPECT_NE(created.thread, state_thread);
  }
}

TEST_F(DemoDataTest, Round1HasAnEditedPostAHiddenPostAndAnOpenReport) {
  const auto bidrag = round_titled(bidrag_title).summary.id;
  const auto main = stream(bidrag, StreamKind::main);
  // Kiruna's post, edited once by its author: both versions kept.
  const auto edits = all_of<domain::PostEdited>(main);
  ASSERT_EQ(edits.size(), 1u);
  EXPECT_EQ(edits[0].first.actor.name, "Erik Nilsson");
  EXPECT_EQ(edits[0].second.version, 2);
  const auto edited = store().post_history(bidrag, edits[0].second.post);
  ASSERT_TRUE(edited.ok() && edited->has_value());
  EXPECT_EQ((*edited)->author, person("erik.nilsson@kiruna.example").id);
  ASSERT_EQ((*edited)->versions.size(), 2u);
  EXPECT_NE((*edited)->versions[0].body, (*edited)->versions[1].body);
  EXPECT_EQ((*edited)->versions[1].body, edits[0].second.body);
  EXPECT_FALSE((*edited)->hidden);

  // A post hidden by the secretariat with its reason: the text is kept, and a read of the stream
  // withholds it.
  const auto hides = all_of<domain::PostHidden>(main);
  ASSERT_EQ(hides.size(), 1u);
  EXPECT_EQ(hides[0].first.actor.name, "Sara Ekström");
  EXPECT_EQ(hides[0].second.reason, "Innehåller personuppgifter om en enskild handläggare");
  const auto hidden = store().post_history(bidrag, hides[0].second.post);
  ASSERT_TRUE(hidden.ok() && hidden->has_value());
  ASSERT_TRUE((*hidden)->hidden);
  EXPECT_EQ((*hidden)->hidden->reason, hides[0].second.reason);
  ASSERT_EQ((*hidden)->versions.size(), 1u);
  EXPECT_FALSE(domain::is_blank((*hidden)->versions[0].body));
  const auto created = all_of<domain::PostCreated>(main);
  const auto hidden_post = std::find_if(created.begin(), created.end(), [&](const auto& post) {
    return post.second.post == hides[0].second.post;
  });
  ASSERT_NE(hidden_post, created.end());
  EXPECT_TRUE(hidden_post->second.withheld);
  EXPECT_EQ(hidden_post->second.body, "");
  EXPECT_LT(hidden_post->first.seq, hides[0].first.seq);

  // One open report, by a representative, on a post that is neither of those.
  const auto moderation = stream(bidrag, StreamKind::moderation);
  const auto reports = all_of<domain::PostReported>(moderation);
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].first.actor.role, domain::Role::representative);
  EXPECT_FALSE(domain::is_blank(reports[0].second.reason));
  EXPECT_NE(reports[0].second.post, edits[0].second.post);
  EXPECT_NE(reports[0].second.post, hides[0].second.post);
  EXPECT_TRUE(all_of<domain::ReportsResolved>(moderation).empty()) << "the report is still open";
}

TEST_F(DemoDataTest, Round4IsClosedWithItsAgendaDecidedAndItsProposalAtVersion2) {
  const auto listing = round_titled(omsorg_title);
  EXPECT_EQ(listing.summary.phase, Phase::closed);
  EXPECT_EQ(listing.summary.kind, domain::RoundKind::plenary);
  EXPECT_EQ(listing.summary.sectors, std::vector<domain::Sector>{domain::Sector::social_care});
  const auto page = stream(listing.summary.id, StreamKind::main);
  EXPECT_EQ(page.round.proposal_version, 2);

  // Invited: the two ministries, SKR, two municipalities and a region.
  const auto& created = std::get<domain::RoundCreated>(page.events.at(0).data);
  std::set<std::string> invited;
  for (const auto& organisation : created.invited) invited.insert(organisation.name);
  EXPECT_EQ(invited, (std::set<std::string>{"Socialdepartementet", "Finansdepartementet",
                                            "Sveriges Kommuner och Regioner", "Malmö stad",
                                            "Kiruna kommun", "Region Skåne"}));

  const auto revisions = all_of<domain::ProposalRevised>(page);
  ASSERT_EQ(revisions.size(), 1u);
  EXPECT_EQ(revisions[0].second.version, 2);
  EXPECT_NE(revisions[0].second.proposal, created.proposal);

  const auto closes = all_of<domain::PhaseChanged>(page);
  ASSERT_EQ(closes.size(), 1u);
  EXPECT_EQ(closes[0].second.phase, Phase::closed);
  EXPECT_EQ(page.events.back().seq, closes[0].first.seq) << "closed last";
}

TEST_F(DemoDataTest, Round4HasAnAcceptedItemMovedFirstAndADeclinedOneWithItsReason) {
  const auto page = stream(round_titled(omsorg_title).summary.id, StreamKind::main);
  const auto staffing = thread_titled(page, "Bemanning och kompetens");
  const auto digital = thread_titled(page, "Digitala verktyg i hemtjänsten");
  const auto fees = thread_titled(page, "Avgifter i äldreomsorgen");

  const auto proposals = all_of<domain::AgendaItemProposed>(page);
  ASSERT_EQ(proposals.size(), 2u);
  EXPECT_EQ(proposals[0].second.thread, digital);
  EXPECT_EQ(proposals[0].first.actor.name, "Erik Nilsson");
  EXPECT_FALSE(proposals[0].second.motivation.empty());
  EXPECT_EQ(proposals[1].second.thread, fees);
  EXPECT_EQ(proposals[1].first.actor.name, "Lena Sjöberg");

  const auto decisions = all_of<domain::AgendaItemDecided>(page);
  ASSERT_EQ(decisions.size(), 2u);
  EXPECT_EQ(decisions[0].second.thread, digital);
  EXPECT_TRUE(decisions[0].second.accepted);
  EXPECT_EQ(decisions[1].second.thread, fees);
  EXPECT_FALSE(decisions[1].second.accepted);
  EXPECT_FALSE(domain::is_blank(decisions[1].second.reason)) << "declined with a reason";
  EXPECT_EQ(thread_facts(digital)->status, AgendaStatus::accepted);
  EXPECT_EQ(thread_facts(fees)->status, AgendaStatus::declined);
  EXPECT_TRUE(posts_in(page, fees).empty()) << "a declined item takes no posts";
  EXPECT_EQ(authors(posts_in(page, digital)), std::vector<std::string>{"Erik Nilsson"});

  const auto moves = all_of<domain::ThreadMoved>(page);
  ASSERT_EQ(moves.size(), 1u);
  EXPECT_EQ(moves[0].second.thread, digital);
  EXPECT_EQ(moves[0].second.before, staffing);
}

TEST_F(DemoDataTest, Round4HasALockedThreadWithMalmosReplyPinned) {
  const auto page = stream(round_titled(omsorg_title).summary.id, StreamKind::main);
  const auto staffing = thread_titled(page, "Bemanning och kompetens");
  const auto facts = thread_facts(staffing);
  ASSERT_TRUE(facts);
  EXPECT_TRUE(facts->locked);
  EXPECT_EQ(facts->status, AgendaStatus::accepted);
  const auto locks = all_of<domain::ThreadLocked>(page);
  ASSERT_EQ(locks.size(), 1u);
  EXPECT_EQ(locks[0].second.thread, staffing);
  EXPECT_TRUE(locks[0].second.locked);

  const auto pins = all_of<domain::PostPinned>(page);
  ASSERT_EQ(pins.size(), 1u);
  EXPECT_EQ(pins[0].second.thread, staffing);
  ASSERT_TRUE(pins[0].second.post);
  const auto posts = posts_in(page, staffing);
  const auto pinned = std::find_if(posts.begin(), posts.end(), [&](const auto& post) {
    return post.second.post == *pins[0].second.post;
  });
  ASSERT_NE(pinned, posts.end()) << "the pinned post is in the thread";
  EXPECT_EQ(pinned->first.actor.organisation.name, "Malmö stad");
  EXPECT_TRUE(pinned->second.reply_to) << "Malmö's reply";
}

TEST_F(DemoDataTest, Round4sPostsRecordTheVersionTheyWereWrittenAgainst) {
  const auto page = stream(round_titled(omsorg_title).summary.id, StreamKind::main);
  const auto revised_at = all_of<domain::ProposalRevised>(page).at(0).first.seq;
  const auto posts = all_of<domain::PostCreated>(page);
  ASSERT_FALSE(posts.empty());
  bool maria_on_2 = false;
  for (const auto& [event, post] : posts) {
    SCOPED_TRACE(event.actor.name);
    EXPECT_EQ(post.proposal_version, event.seq < revised_at ? 1 : 2);
    if (event.actor.name == "Maria Berg") maria_on_2 = post.proposal_version == 2;
  }
  EXPECT_TRUE(maria_on_2);
  // Every other round is at its first version, and so are its posts.
  const auto listings = store().list_rounds();
  ASSERT_TRUE(listings.ok());
  for (const auto& listing : *listings) {
    if (listing.summary.title == omsorg_title) continue;
    const auto main = stream(listing.summary.id, StreamKind::main);
    EXPECT_EQ(main.round.proposal_version, 1) << listing.summary.title;
    for (const auto& [event, post] : all_of<domain::PostCreated>(main)) {
      EXPECT_EQ(post.proposal_version, 1) << listing.summary.title;
    }
  }
}

TEST_F(DemoDataTest, Round5IsABilateralRoundThatWasDecided) {
  const auto listing = round_titled(skola_title);
  EXPECT_EQ(listing.summary.phase, Phase::decided);
  EXPECT_EQ(listing.summary.kind, domain::RoundKind::bilateral);
  EXPECT_EQ(listing.summary.sectors, std::vector<domain::Sector>{domain::Sector::school});
  const auto page = stream(listing.summary.id, StreamKind::main);
  std::vector<Phase> phases;
  for (const auto& [event, changed] : all_of<domain::PhaseChanged>(page)) {
    phases.push_back(changed.phase);
  }
  EXPECT_EQ(phases, (std::vector<Phase>{Phase::closed, Phase::decided}));
  EXPECT_FALSE(all_of<domain::PostCreated>(page).empty());
}

TEST_F(DemoDataTest, Round5WasDecidedWithAnOutcomeLinkedToAPostAndPositionsAndADissent) {
  const auto listing = round_titled(skola_title);
  const auto page = stream(listing.summary.id, StreamKind::main);
  const auto written = all_of<domain::OutcomeWritten>(page);
  ASSERT_EQ(written.size(), 1u);
  const auto& [outcome_event, outcome] = written[0];
  EXPECT_FALSE(outcome.agreed.empty());
  ASSERT_EQ(outcome.responses.size(), 1u);
  const auto& response = outcome.responses[0];
  // The response names a post of the round's main stream and organisations that stated positions.
  ASSERT_EQ(response.posts.size(), 1u);
  bool post_found = false;
  for (const auto& [event, post] : all_of<domain::PostCreated>(page)) {
    post_found = post_found || post.post == response.posts[0];
  }
  EXPECT_TRUE(post_found);
  std::set<domain::OrganisationId> stated;
  for (const auto& [event, position] : all_of<domain::PositionStated>(page)) {
    stated.insert(position.organisation.id);
  }
  EXPECT_EQ(std::set<domain::OrganisationId>(response.organisations.begin(),
                                             response.organisations.end()),
            stated);
  const auto dissent = all_of<domain::DissentAttached>(page);
  ASSERT_EQ(dissent.size(), 1u);
  // Both came before the round was decided.
  const auto decided = all_of<domain::PhaseChanged>(page).back().first.seq;
  EXPECT_LT(outcome_event.seq, decided);
  EXPECT_LT(dissent[0].first.seq, decided);
}

TEST_F(DemoDataTest, Round5HasMinutesForEachAgendaItemLinkedToItsOwnPosts) {
  const auto listing = round_titled(skola_title);
  const auto page = stream(listing.summary.id, StreamKind::main);
  std::map<domain::PostId, domain::ThreadId> thread_of_post;
  for (const auto& [event, post] : all_of<domain::PostCreated>(page)) {
    thread_of_post[post.post] = post.thread;
  }
  std::map<domain::ThreadId, std::int64_t> latest;
  std::size_t linked = 0;
  for (const auto& [event, minutes] : all_of<domain::MinutesWritten>(page)) {
    latest[minutes.thread] = minutes.version;
    for (const auto post : minutes.posts) {
      EXPECT_EQ(thread_of_post.at(post), minutes.thread);
      ++linked;
    }
  }
  std::set<domain::ThreadId> agenda;
  for (const auto& [event, created] : all_of<domain::ThreadCreated>(page)) {
    agenda.insert(created.thread);
  }
  EXPECT_EQ(latest.size(), agenda.size()) << "every agenda item has minutes";
  EXPECT_GE(linked, 2u);
  // One item's minutes were revised, so the round shows a history.
  EXPECT_TRUE(std::any_of(latest.begin(), latest.end(),
                          [](const auto& entry) { return entry.second == 2; }));
}

TEST_F(DemoDataTest, Round5HasAJointDocumentWhoseLastVersionBothSidesApproved) {
  const auto listing = round_titled(skola_title);
  const auto page = stream(listing.summary.id, StreamKind::main);
  const auto versions = all_of<domain::JointDocumentWritten>(page);
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[0].second.version, 1);
  EXPECT_EQ(versions[1].second.version, 2);
  EXPECT_NE(versions[0].second.text, versions[1].second.text);
  std::set<std::pair<std::int64_t, domain::Side>> approvals;
  for (const auto& [event, approved] : all_of<domain::JointDocumentApproved>(page)) {
    approvals.insert({approved.version, approved.side});
  }
  // The municipal side approved version 1 too; an approval does not carry over to version 2.
  EXPECT_EQ(
      approvals,
      (std::set<std::pair<std::int64_t, domain::Side>>{
          {1, domain::Side::municipal}, {2, domain::Side::state}, {2, domain::Side::municipal}}));
  const auto decided = all_of<domain::PhaseChanged>(page).back().first.seq;
  EXPECT_LT(versions.back().first.seq, decided);
}

TEST_F(DemoDataTest, Round2HasADraftJointDocumentNobodyHasApproved) {
  const auto listing = round_titled("Nationell konsultationsordning för hälso- och sjukvård");
  EXPECT_EQ(listing.summary.phase, domain::Phase::open);
  const auto page = stream(listing.summary.id, StreamKind::main);
  const auto versions = all_of<domain::JointDocumentWritten>(page);
  ASSERT_EQ(versions.size(), 1u);
  EXPECT_EQ(versions[0].first.actor.name, "Lena Sjöberg");
  EXPECT_TRUE(all_of<domain::JointDocumentApproved>(page).empty());
}

}  // namespace
}  // namespace samrad::app
