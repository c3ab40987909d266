// Recently committed frames per stream (see replay_cache.hpp).
#include "service/replay_cache.hpp"

#include <algorithm>

namespace samrad::service {

ReplayCache::ReplayCache(ReplayCacheLimits limits) : limits_(limits) {}

void ReplayCache::committing(const std::vector<domain::Event>& events) {
  std::lock_guard lock(mutex_);
  for (const auto& event : events) {
    auto& stream = streams_[event.stream];
    stream.stored = std::max(stream.stored, event.seq);
    if (event.access_after) {
      access_[event.stream.round] =
          std::make_shared<const domain::RoundAccess>(*event.access_after);
    }
    if (domain::changes_earlier_events(event.data)) forget_round(event.stream.round);
  }
}

void ReplayCache::committed(const std::vector<bus::EncodedEvent>& batch) {
  std::lock_guard lock(mutex_);
  for (const auto& event : batch) {
    auto& stream = streams_[event.stream];
    stream.committed = std::max(stream.committed, event.seq);
    if (!stream.frames || event.seq <= stream.frames->last) continue;
    if (event.seq != stream.frames->last + 1) {
      // A seq skipped: what is held no longer reaches the head.
      drop(stream.frames);
      continue;
    }
    append(*stream.frames, event.frame);
  }
  if (bytes_ > limits_.bytes) evict();
}

std::uint64_t ReplayCache::generation() {
  std::lock_guard lock(mutex_);
  return generation_;
}

void ReplayCache::seed(const domain::StreamId& stream, const domain::RoundAccess& access,
                       domain::Seq after, const FramePage& page, std::uint64_t generation) {
  const bool reaches_head =
      page.events.empty() ? after == page.head_seq : page.events.back().seq == page.head_seq;
  if (!reaches_head) return;
  std::lock_guard lock(mutex_);
  if (generation != generation_) return;
  auto& entry = streams_[stream];
  // Held already (and kept current by the commits since), or the read missed a newer commit.
  if (entry.frames || entry.committed > page.head_seq) return;
  entry.frames = Frames{};
  auto& frames = *entry.frames;
  frames.epoch = page.epoch;
  const auto skip = page.events.size() > limits_.events_per_stream
                        ? page.events.size() - limits_.events_per_stream
                        : 0;
  frames.last = page.head_seq - static_cast<domain::Seq>(page.events.size() - skip);
  for (auto event = page.events.begin() + static_cast<std::ptrdiff_t>(skip);
       event != page.events.end(); ++event) {
    append(frames, event->frame);
  }
  // A commit that changed the round's access since this read has set the newer one already.
  access_.try_emplace(stream.round, std::make_shared<const domain::RoundAccess>(access));
  if (bytes_ > limits_.bytes) evict();
}

std::optional<CachedPage> ReplayCache::read(const domain::StreamId& stream, domain::Seq after,
                                            std::size_t max_events) {
  std::lock_guard lock(mutex_);
  const auto found = streams_.find(stream);
  if (found == streams_.end() || !found->second.frames) return std::nullopt;
  auto& frames = *found->second.frames;
  // An event acknowledged (it is in the store) whose frame has not reached the fan-out thread
  // yet: served from memory, the page would lack a write its reader may already have heard of.
  if (found->second.stored > frames.last) return std::nullopt;
  const auto first = frames.last - static_cast<domain::Seq>(frames.events.size()) + 1;
  // Older than what is held, or newer than the commits seen so far (a seq the client learnt
  // from its acknowledgement before the batch reached the fan-out thread): the store knows.
  if (after + 1 < first || after > frames.last) return std::nullopt;
  const auto access = access_.find(stream.round);
  if (access == access_.end()) return std::nullopt;
  frames.used = ++tick_;
  CachedPage cached{.page = {.head_seq = frames.last, .epoch = frames.epoch, .events = {}},
                    .access = access->second};
  const auto count = std::min(static_cast<std::size_t>(frames.last - after), max_events);
  cached.page.events.reserve(count);
  const auto start = frames.events.begin() + static_cast<std::ptrdiff_t>(after + 1 - first);
  for (std::size_t i = 0; i < count; ++i) {
    cached.page.events.push_back({.stream = stream,
                                  .seq = after + 1 + static_cast<domain::Seq>(i),
                                  .frame = start[static_cast<std::ptrdiff_t>(i)],
                                  .access_after = nullptr});
  }
  return cached;
}

void ReplayCache::append(Frames& frames, const bus::Frame& frame) {
  frames.events.push_back(frame);
  frames.bytes += frame->size();
  bytes_ += frame->size();
  ++frames.last;
  frames.used = ++tick_;
  if (frames.events.size() > limits_.events_per_stream) {
    frames.bytes -= frames.events.front()->size();
    bytes_ -= frames.events.front()->size();
    frames.events.pop_front();
  }
}

void ReplayCache::drop(std::optional<Frames>& frames) {
  bytes_ -= frames->bytes;
  frames.reset();
}

void ReplayCache::forget_round(domain::RoundId round) {
  ++generation_;
  for (auto& [id, stream] : streams_) {
    if (id.round != round || !stream.frames) continue;
    drop(stream.frames);
  }
}

void ReplayCache::evict() {
  std::vector<std::pair<std::uint64_t, Stream*>> held;
  for (auto& [id, stream] : streams_) {
    if (stream.frames) held.emplace_back(stream.frames->used, &stream);
  }
  std::sort(held.begin(), held.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [used, stream] : held) {
    if (bytes_ <= limits_.bytes / 4 * 3) break;
    drop(stream->frames);
  }
}

}  // namespace samrad::service
