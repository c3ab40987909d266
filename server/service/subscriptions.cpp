// A connection's stream subscriptions (see subscriptions.hpp).
#include "service/subscriptions.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "domain/permissions.hpp"

namespace samrad::service {

using domain::ErrorCode;
using domain::make_error;

Subscriptions::Subscriptions(bus::Bus& bus, bus::Presence& presence,
                             std::weak_ptr<bus::Subscriber> subscriber, SubscriptionsSink& sink,
                             std::size_t max_subscriptions, domain::Person viewer)
    : bus_(bus),
      presence_(presence),
      subscriber_(std::move(subscriber)),
      sink_(sink),
      max_subscriptions_(max_subscriptions),
      viewer_(std::move(viewer)) {}

Subscriptions::~Subscriptions() {
  clear();
}

void Subscriptions::subscribe(RequestId id, const domain::StreamId& stream, Position from) {
  if (defer(id, stream, from)) return;
  if (active_.contains(stream)) {
    return sink_.refused(id, make_error(ErrorCode::conflict, "Already subscribed to this stream"));
  }
  if (active_.size() >= max_subscriptions_) {
    return sink_.refused(
        id, make_error(ErrorCode::too_large, "Too many subscriptions on one connection"));
  }
  auto& entry = active_
                    .emplace(stream, Entry{.stream = stream,
                                           .cursor = StreamCursor(from.since),
                                           .membership = bus_.subscribe(stream, subscriber_),
                                           .from = from,
                                           .pending_subscribe = id,
                                           .pending_unsubscribe = std::nullopt,
                                           .ticket = 0,
                                           .revoked = false})
                    .first->second;
  read(entry);
}

void Subscriptions::unsubscribe(RequestId id, const domain::StreamId& stream) {
  if (defer(id, stream, std::nullopt)) return;
  const auto found = active_.find(stream);
  if (found == active_.end()) return sink_.unsubscribed(id, stream);
  auto entry = std::move(found->second);
  active_.erase(found);
  entry.membership.reset();
  update_presence(stream.round);
  if (!entry.pending_subscribe) return sink_.unsubscribed(id, stream);
  entry.pending_unsubscribe = id;
  const auto ticket = entry.ticket;
  leaving_.emplace(ticket, std::move(entry));
}

void Subscriptions::on_batch(const bus::Batch& batch) {
  for (const auto& event : *batch) {
    if (const auto found = active_.find(event.stream); found != active_.end()) {
      follow(found->second, found->second.cursor.on_live(event, sink_));
    }
    // After the event itself (a withdrawal is told to the organisation it concerns), nothing
    // more of a round the viewer may no longer see.
    if (event.access_after) recheck(*event.access_after);
  }
}

void Subscriptions::recheck(const domain::RoundAccess& access) {
  for (auto it = active_.begin(); it != active_.end();) {
    const auto stream = it->first;
    if (stream.round != access.id) {
      ++it;
      continue;
    }
    const bool allowed = domain::can_view_stream(viewer_, access, stream.kind);
    if (it->second.pending_subscribe) {
      // Its subscribe is answered by its read first (each request gets its answer); whether it
      // then ends follows the latest change (a withdrawal may be undone by a new invitation).
      it->second.revoked = !allowed;
      ++it;
      continue;
    }
    if (allowed) {
      ++it;
      continue;
    }
    it = active_.erase(it);
    sink_.ended(stream, "access_withdrawn");
  }
  update_presence(access.id);
}

void Subscriptions::on_page(ReadTicket ticket, domain::Result<FramePage> page) {
  if (const auto leaving = leaving_.find(ticket); leaving != leaving_.end()) {
    auto entry = std::move(leaving->second);
    leaving_.erase(leaving);
    answer_subscribe(entry, page);
    sink_.unsubscribed(*entry.pending_unsubscribe, entry.stream);
    return run_deferred(entry.stream);
  }
  const auto found = std::find_if(active_.begin(), active_.end(),
                                  [&](const auto& item) { return item.second.ticket == ticket; });
  // Unsubscribed meanwhile (and perhaps subscribed again): this read is not wanted any more.
  if (found == active_.end() || !found->second.cursor.reading()) return;
  auto& entry = found->second;
  const auto stream = entry.stream;
  if (entry.pending_subscribe) {
    if (!answer_subscribe(entry, page)) {
      active_.erase(found);
      return;
    }
    if (entry.revoked) {
      active_.erase(found);
      return sink_.ended(stream, "access_withdrawn");
    }
  } else if (!page) {
    const auto error = page.error();
    active_.erase(found);
    update_presence(stream.round);
    // A read refused as not_found: the round went out of the viewer's sight since subscribing.
    if (error.code == ErrorCode::not_found) return sink_.ended(stream, "access_withdrawn");
    return sink_.failed(error);
  }
  follow(entry, entry.cursor.on_page(std::move(page).value(), sink_));
}

void Subscriptions::on_room() {
  for (auto& [stream, entry] : active_) follow(entry, entry.cursor.on_room(sink_));
}

void Subscriptions::clear() {
  active_.clear();
  leaving_.clear();
  deferred_.clear();
  for (const auto round : present_) presence_.leave(round, viewer_.id);
  present_.clear();
}

void Subscriptions::update_presence(domain::RoundId round) {
  const bool follows = std::any_of(active_.begin(), active_.end(), [&](const auto& item) {
    return item.first.round == round && !item.second.pending_subscribe;
  });
  if (follows == present_.contains(round)) return;
  if (follows) {
    present_.insert(round);
    presence_.enter(round, viewer_.id);
  } else {
    present_.erase(round);
    presence_.leave(round, viewer_.id);
  }
}

bool Subscriptions::defer(RequestId id, const domain::StreamId& stream,
                          std::optional<Position> from) {
  auto found = deferred_.find(stream);
  if (found == deferred_.end()) {
    if (!leaving(stream)) return false;
    found = deferred_.emplace(stream, std::vector<Deferred>{}).first;
  }
  found->second.push_back(Deferred{id, std::move(from)});
  return true;
}

void Subscriptions::run_deferred(const domain::StreamId& stream) {
  const auto found = deferred_.find(stream);
  if (found == deferred_.end()) return;
  auto waiting = std::move(found->second);
  deferred_.erase(found);
  for (std::size_t i = 0; i < waiting.size(); ++i) {
    // An unsubscribe among them may leave again before its subscribe is answered: the rest
    // wait once more.
    if (leaving(stream)) {
      deferred_[stream].assign(waiting.begin() + static_cast<std::ptrdiff_t>(i), waiting.end());
      return;
    }
    const auto& request = waiting[i];
    if (request.from) {
      subscribe(request.id, stream, *request.from);
    } else {
      unsubscribe(request.id, stream);
    }
  }
}

bool Subscriptions::leaving(const domain::StreamId& stream) const {
  return std::any_of(leaving_.begin(), leaving_.end(),
                     [&](const auto& item) { return item.second.stream == stream; });
}

bool Subscriptions::answer_subscribe(Entry& entry, const domain::Result<FramePage>& page) {
  const auto id = *std::exchange(entry.pending_subscribe, std::nullopt);
  if (!page) {
    sink_.refused(id, page.error());
    return false;
  }
  const auto since = entry.from.since;
  if (since > page->head_seq) {
    // A since from the future would silently swallow the events up to it.
    sink_.refused(
        id, make_error(ErrorCode::stale_position, "since " + std::to_string(since) +
                                                      " is beyond the newest seq of the stream (" +
                                                      std::to_string(page->head_seq) + ")"));
    return false;
  }
  if (since > 0 && entry.from.epoch && *entry.from.epoch != page->epoch) {
    // The same seqs now name other events (a restored backup): resuming would mix histories.
    sink_.refused(id, make_error(ErrorCode::stale_position,
                                 "since " + std::to_string(since) + " is of epoch " +
                                     *entry.from.epoch + ", and the stream's history is now " +
                                     page->epoch + ": load the stream again from the start"));
    return false;
  }
  // Present before the answer goes out: whoever hears of this subscribe and asks at once who
  // follows the round finds the viewer there. (An entry already unsubscribed is not in active_,
  // so this leaves presence as it is.)
  if (!entry.revoked) update_presence(entry.stream.round);
  sink_.subscribed(id, entry.stream, page->head_seq, page->epoch);
  return true;
}

void Subscriptions::read(Entry& entry) {
  entry.ticket = ++next_ticket_;
  sink_.read_page(entry.ticket, entry.stream, entry.cursor.delivered());
}

void Subscriptions::follow(Entry& entry, StreamCursor::Next next) {
  switch (next) {
    case StreamCursor::Next::wait:
      return;
    case StreamCursor::Next::read:
      return read(entry);
    case StreamCursor::Next::broken:
      // The cursor stays, stopped, until the connection ends: erasing it here could pull the
      // entry from under a loop over the subscriptions.
      return sink_.failed(
          make_error(ErrorCode::internal, "The store does not have an event the bus announced"));
  }
}

}  // namespace samrad::service
