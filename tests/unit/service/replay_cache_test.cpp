// The cache of recently committed frames: it answers only when it holds every event from the
// reader's position up to the newest commit it has seen, so a resume served from memory is the
// same as one read from the store.
#include "service/replay_cache.hpp"

#include <gtest/gtest.h>

namespace samrad::service::testing {
namespace {

using domain::StreamKind;

const domain::StreamId main_stream{7, StreamKind::main};
const domain::StreamId moderation{7, StreamKind::moderation};
const domain::StreamId other_round{8, StreamKind::main};

domain::RoundAccess access(std::vector<domain::OrganisationId> invited) {
  return {.id = 7,
          .phase = domain::Phase::open,
          .invited = std::move(invited),
          .kind = domain::RoundKind::plenary,
          .opens_at = std::nullopt,
          .closes_at = std::nullopt,
          .proposal_version = 1};
}

bus::EncodedEvent event(const domain::StreamId& stream, domain::Seq seq) {
  return {stream, seq,
          bus::WireFrame::text(R"({"seq":)" + std::to_string(seq) + std::string(40, ' ') + "}"),
          nullptr};
}

// A committed event as the writer thread has it.
domain::Event committed_event(const domain::StreamId& stream, domain::Seq seq,
                              domain::EventData data,
                              std::optional<domain::RoundAccess> access_after = std::nullopt) {
  return {.stream = stream,
          .seq = seq,
          .at = 0,
          .actor = {},
          .data = std::move(data),
          .access_after = std::move(access_after)};
}

// A store page of seqs first..last with the stream at head.
FramePage page(const domain::StreamId& stream, domain::Seq first, domain::Seq last,
               domain::Seq head) {
  FramePage result{.head_seq = head, .epoch = "e1", .events = {}};
  for (auto seq = first; seq <= last; ++seq) result.events.push_back(event(stream, seq));
  return result;
}

std::vector<domain::Seq> seqs(const std::optional<CachedPage>& cached) {
  std::vector<domain::Seq> result;
  for (const auto& item : cached->page.events) result.push_back(item.seq);
  return result;
}

TEST(ReplayCacheTest, ServesFromTheSeedThroughTheNewestCommitWithThePublishedFrames) {
  ReplayCache cache({});
  cache.seed(main_stream, access({1}), 2, page(main_stream, 3, 5, 5), cache.generation());
  const auto six = event(main_stream, 6);
  cache.committed({six, event(other_round, 1), event(main_stream, 7)});

  const auto cached = cache.read(main_stream, 4, 100);
  ASSERT_TRUE(cached);
  EXPECT_EQ(seqs(cached), (std::vector<domain::Seq>{5, 6, 7}));
  EXPECT_EQ(cached->page.head_seq, 7);
  EXPECT_EQ(cached->page.epoch, "e1");
  EXPECT_EQ(cached->page.events[1].frame.get(), six.frame.get()) << "the same bytes, not a copy";
  EXPECT_EQ(cached->access->invited, (std::vector<domain::OrganisationId>{1}));

  EXPECT_EQ(seqs(cache.read(main_stream, 2, 2)), (std::vector<domain::Seq>{3, 4}))
      << "a page at most max_events long, its head still the newest";
  EXPECT_EQ(cache.read(main_stream, 2, 2)->page.head_seq, 7);
  const auto at_head = cache.read(main_stream, 7, 100);
  ASSERT_TRUE(at_head) << "subscribing at the head is served too";
  EXPECT_TRUE(at_head->page.events.empty());
  EXPECT_EQ(at_head->page.head_seq, 7);
}

TEST(ReplayCacheTest, SendsTheReaderToTheStoreForWhatItDoesNotHold) {
  ReplayCache cache({});
  EXPECT_FALSE(cache.read(main_stream, 0, 100)) << "never seeded";
  cache.seed(main_stream, access({1}), 2, page(main_stream, 3, 5, 5), cache.generation());
  EXPECT_FALSE(cache.read(main_stream, 1, 100)) << "seq 2 is older than what is held";
  EXPECT_TRUE(cache.read(main_stream, 2, 100));
  EXPECT_FALSE(cache.read(main_stream, 6, 100))
      << "a seq acknowledged before its batch reached the fan-out: only the store knows it";
  EXPECT_FALSE(cache.read(moderation, 0, 100)) << "another stream of the round";
}

TEST(ReplayCacheTest, AnAcknowledgedEventNotYetFannedOutSendsEveryReaderToTheStore) {
  ReplayCache cache({});
  cache.seed(main_stream, access({1}), 0, page(main_stream, 1, 3, 3), cache.generation());
  cache.committing({committed_event(main_stream, 4, domain::PostCreated{})});
  EXPECT_FALSE(cache.read(main_stream, 0, 100))
      << "a subscriber from the start must get seq 4, which its writer may have been told of";
  EXPECT_FALSE(cache.read(main_stream, 3, 100));
  cache.committed({event(main_stream, 4)});
  EXPECT_EQ(seqs(cache.read(main_stream, 0, 100)), (std::vector<domain::Seq>{1, 2, 3, 4}));
  EXPECT_TRUE(cache.read(other_round, 0, 100) == std::nullopt) << "never seeded";
}

TEST(ReplayCacheTest, IgnoresASeedThatDoesNotReachTheHeadOrThatACommitOvertook) {
  ReplayCache cache({});
  cache.seed(main_stream, access({1}), 0, page(main_stream, 1, 3, 9), cache.generation());
  EXPECT_FALSE(cache.read(main_stream, 2, 100)) << "a first page of a longer stream";

  cache.committed({event(other_round, 4)});
  cache.seed(other_round, access({1}), 0, page(other_round, 1, 3, 3), cache.generation());
  EXPECT_FALSE(cache.read(other_round, 2, 100))
      << "seq 4 was committed after the read began and is not in it";

  cache.seed(moderation, access({1}), 0, page(moderation, 1, 3, 3), cache.generation());
  cache.committed({event(moderation, 3), event(moderation, 4)});
  EXPECT_EQ(seqs(cache.read(moderation, 2, 100)), (std::vector<domain::Seq>{3, 4}))
      << "a commit the read already held comes once";
}

TEST(ReplayCacheTest, ASkippedSeqDropsTheStream) {
  ReplayCache cache({});
  cache.seed(main_stream, access({1}), 0, page(main_stream, 1, 2, 2), cache.generation());
  cache.committed({event(main_stream, 4)});
  EXPECT_FALSE(cache.read(main_stream, 2, 100));
  EXPECT_FALSE(cache.read(main_stream, 3, 100));
  cache.committed({event(main_stream, 5)});
  EXPECT_FALSE(cache.read(main_stream, 4, 100)) << "only a new seed fills it again";
}

TEST(ReplayCacheTest, KeepsTheNewestEventsOfAStreamAndTheMostUsedStreams) {
  ReplayCache per_stream({.events_per_stream = 3, .bytes = 1 << 20});
  per_stream.seed(main_stream, access({1}), 0, page(main_stream, 1, 5, 5), per_stream.generation());
  EXPECT_FALSE(per_stream.read(main_stream, 1, 100));
  EXPECT_EQ(seqs(per_stream.read(main_stream, 2, 100)), (std::vector<domain::Seq>{3, 4, 5}));
  per_stream.committed({event(main_stream, 6)});
  EXPECT_FALSE(per_stream.read(main_stream, 2, 100));
  EXPECT_EQ(seqs(per_stream.read(main_stream, 3, 100)), (std::vector<domain::Seq>{4, 5, 6}));

  const auto frame_bytes = event(main_stream, 1).frame->size();
  ReplayCache total({.events_per_stream = 100, .bytes = frame_bytes * 11});
  total.seed(main_stream, access({1}), 0, page(main_stream, 1, 4, 4), total.generation());
  total.seed(moderation, access({1}), 0, page(moderation, 1, 4, 4), total.generation());
  ASSERT_TRUE(total.read(main_stream, 0, 100)) << "main is now the more recently used";
  total.seed(other_round, access({1}), 0, page(other_round, 1, 4, 4), total.generation());
  EXPECT_TRUE(total.read(main_stream, 0, 100));
  EXPECT_FALSE(total.read(moderation, 0, 100)) << "the least used went";
  EXPECT_TRUE(total.read(other_round, 0, 100));
}

TEST(ReplayCacheTest, TheRoundsAccessIsTheNewestCommitsNotAnOlderSeeds) {
  ReplayCache cache({});
  const domain::StreamId preparation{7, StreamKind::municipal_preparation};
  cache.seed(main_stream, access({1, 2}), 0, page(main_stream, 1, 2, 2), cache.generation());
  cache.seed(moderation, access({1, 2}), 0, page(moderation, 1, 1, 1), cache.generation());
  cache.committing({committed_event(
      main_stream, 3,
      domain::InvitationWithdrawn{
          {.id = 1, .name = "Malmö stad", .kind = domain::OrganisationKind::municipality}},
      access({2}))});
  EXPECT_EQ(cache.read(moderation, 0, 100)->access->invited,
            (std::vector<domain::OrganisationId>{2}))
      << "in force for every stream of the round as soon as the commit is, before its frame "
         "reaches the fan-out";
  cache.committed({event(main_stream, 3)});
  EXPECT_EQ(cache.read(main_stream, 2, 100)->access->invited,
            (std::vector<domain::OrganisationId>{2}));
  cache.seed(preparation, access({1, 2}), 0, page(preparation, 1, 1, 1), cache.generation());
  EXPECT_EQ(cache.read(preparation, 0, 100)->access->invited,
            (std::vector<domain::OrganisationId>{2}))
      << "a read that began before the withdrawal does not bring the old invitation back";
}

TEST(ReplayCacheTest, HidingAPostDropsItsRoundsFramesAndTheReadsBegunBefore) {
  ReplayCache cache({});
  const domain::StreamId preparation{7, StreamKind::municipal_preparation};
  cache.seed(main_stream, access({1}), 0, page(main_stream, 1, 2, 2), cache.generation());
  cache.seed(preparation, access({1}), 0, page(preparation, 1, 2, 2), cache.generation());
  cache.seed(other_round, access({1}), 0, page(other_round, 1, 2, 2), cache.generation());
  const auto before_the_hide = cache.generation();

  cache.committing({committed_event(main_stream, 3, domain::PostHidden{5, 6, "Personuppgifter"})});
  EXPECT_FALSE(cache.read(main_stream, 0, 100));
  EXPECT_FALSE(cache.read(preparation, 0, 100)) << "the post may be in any stream of the round";
  EXPECT_TRUE(cache.read(other_round, 0, 100));

  cache.seed(preparation, access({1}), 0, page(preparation, 1, 2, 2), before_the_hide);
  EXPECT_FALSE(cache.read(preparation, 0, 100)) << "a read from before the hide has its text";
  cache.seed(preparation, access({1}), 0, page(preparation, 1, 2, 2), cache.generation());
  EXPECT_TRUE(cache.read(preparation, 0, 100));

  cache.committing({committed_event(main_stream, 4, domain::PostCreated{})});
  EXPECT_TRUE(cache.read(preparation, 0, 100)) << "other events change nothing earlier";
}

}  // namespace
}  // namespace samrad::service::testing
