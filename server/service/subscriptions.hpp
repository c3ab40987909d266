// The stream subscriptions of one connection: subscribe, unsubscribe, live batches from the bus,
// store pages and send-queue room are routed to each stream's cursor, and every request gets
// exactly one answer. Socket-free and single-threaded (the connection's strand); what it needs
// from the connection goes through SubscriptionsSink, so it is tested without a socket.
// It also keeps the viewer's presence: the viewer is present in a round (bus::Presence) while
// this connection follows at least one of its streams, from the first subscribe answered with
// a result to the last of them ending, however it ends (unsubscribe, access withdrawn, the
// connection closing).
#pragma once

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "bus/bus.hpp"
#include "bus/presence.hpp"
#include "domain/result.hpp"
#include "domain/types.hpp"
#include "service/stream_cursor.hpp"

namespace samrad::service {

using RequestId = std::int64_t;

// Where a subscriber resumes a stream: the last seq it has, and the epoch that seq belongs to
// (absent: it does not say, as before epochs existed).
struct Position {
  domain::Seq since = 0;
  std::optional<std::string> epoch = std::nullopt;
};
using ReadTicket = std::uint64_t;  // tells a store read's answer from a stale one

// Calls come from inside Subscriptions' methods: a sink must not call back into Subscriptions
// synchronously (answers to reads come later, through on_page).
class SubscriptionsSink : public CursorOutput {
 public:
  // Start a store read of the stream's page after `after`; answer with on_page(ticket, ...).
  virtual void read_page(ReadTicket ticket, const domain::StreamId& stream, domain::Seq after) = 0;
  virtual void subscribed(RequestId id, const domain::StreamId& stream, domain::Seq head_seq,
                          const std::string& epoch) = 0;
  virtual void unsubscribed(RequestId id, const domain::StreamId& stream) = 0;
  virtual void refused(RequestId id, const domain::Error& error) = 0;
  // The person may no longer see the stream (e.g. their organisation's invitation was
  // withdrawn): nothing more of it follows.
  virtual void ended(const domain::StreamId& stream, std::string_view reason) = 0;
  // A subscription already answered cannot keep its promise (its read failed, or the store and
  // the bus disagree): the connection should end so the client resumes from its last seq.
  virtual void failed(const domain::Error& error) = 0;
};

class Subscriptions {
 public:
  // viewer: whose connection this is, to stop following a round they may no longer see.
  Subscriptions(bus::Bus& bus, bus::Presence& presence, std::weak_ptr<bus::Subscriber> subscriber,
                SubscriptionsSink& sink, std::size_t max_subscriptions, domain::Person viewer);
  // Leaves every round the viewer is present in through this connection.
  ~Subscriptions();
  Subscriptions(const Subscriptions&) = delete;
  Subscriptions& operator=(const Subscriptions&) = delete;

  // Joins the bus first, then reads the store: an event committed after the read began is
  // announced, one committed before is in the read.
  // A since of another epoch than the stream's is refused like one beyond its head.
  void subscribe(RequestId id, const domain::StreamId& stream, Position from);
  // Stops the stream at once. If its subscribe is still unanswered, that answer comes first, and
  // later requests for the same stream wait for both, so a stream's answers keep request order.
  void unsubscribe(RequestId id, const domain::StreamId& stream);

  void on_batch(const bus::Batch& batch);
  void on_page(ReadTicket ticket, domain::Result<FramePage> page);
  void on_room();

  // Leaves every stream without answering (the connection is ending).
  void clear();

  std::size_t size() const noexcept { return active_.size(); }

 private:
  struct Entry {
    domain::StreamId stream;
    StreamCursor cursor;
    bus::Subscription membership;
    Position from;
    std::optional<RequestId> pending_subscribe;    // answered when the first page is in
    std::optional<RequestId> pending_unsubscribe;  // came before that answer
    ReadTicket ticket = 0;                         // the read under way
    bool revoked = false;  // the viewer lost the round before the subscribe was answered
  };

  // A subscribe (with its position) or an unsubscribe that waits for a leaving entry of its
  // stream.
  struct Deferred {
    RequestId id = 0;
    std::optional<Position> from;
  };

  // True when the request must wait behind an unanswered unsubscribe of the same stream.
  bool defer(RequestId id, const domain::StreamId& stream, std::optional<Position> from);
  void run_deferred(const domain::StreamId& stream);
  bool leaving(const domain::StreamId& stream) const;
  void read(Entry& entry);
  void follow(Entry& entry, StreamCursor::Next next);
  // Ends every subscription to the round's streams that the viewer may not see after `access`.
  void recheck(const domain::RoundAccess& access);
  // Enters or leaves the round's presence so that it matches whether a stream of the round is
  // followed (subscribed and answered); called after every change to the round's entries.
  void update_presence(domain::RoundId round);
  // Answers the pending subscribe from its first page, entering presence first when accepted;
  // false when it was refused.
  bool answer_subscribe(Entry& entry, const domain::Result<FramePage>& page);

  bus::Bus& bus_;
  bus::Presence& presence_;
  std::weak_ptr<bus::Subscriber> subscriber_;
  SubscriptionsSink& sink_;
  std::size_t max_subscriptions_;
  domain::Person viewer_;
  ReadTicket next_ticket_ = 0;
  std::unordered_map<domain::StreamId, Entry, domain::StreamIdHash> active_;
  // Unsubscribed before their subscribe was answered, keyed by the read that will answer it.
  // These and the deferred requests are bounded by the connection's limit on requests in flight:
  // each is a subscribe or unsubscribe not yet answered.
  std::unordered_map<ReadTicket, Entry> leaving_;
  std::unordered_map<domain::StreamId, std::vector<Deferred>, domain::StreamIdHash> deferred_;
  // The rounds this connection has entered in presence_ (and not yet left).
  std::unordered_set<domain::RoundId> present_;
};

}  // namespace samrad::service
