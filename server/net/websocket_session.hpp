// One browser's WebSocket: completes the upgrade, reads requests and answers them. Its stream
// subscriptions live in service::Subscriptions (socket-free); every byte it writes goes through
// its SendQueue.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "bus/bus.hpp"
#include "net/address_leases.hpp"
#include "net/beast.hpp"
#include "net/delivery_inbox.hpp"
#include "net/queued_socket.hpp"
#include "net/token_bucket.hpp"
#include "protocol/codec.hpp"
#include "service/caller.hpp"
#include "service/subscriptions.hpp"
#include "store/store.hpp"

namespace samrad::net {

struct NetContext;

class WebSocketSession final : public bus::Subscriber,
                               public DeliveryInbox::Receiver,
                               public service::SubscriptionsSink,
                               public SendQueue::Owner,
                               public std::enable_shared_from_this<WebSocketSession> {
 public:
  // `address` is where the connection comes from (NetContext::client_address), for the audit
  // log of the commands sent through it.
  WebSocketSession(tcp::socket socket, NetContext& context, store::Session session,
                   std::string token_hash, std::string address, AddressLeases::Lease lease);
  ~WebSocketSession() override;

  // Completes the upgrade of an already authorised, already registered request.
  void run(http::request<http::string_body> request);

  // Thread-safe: close with this reason once the write already in flight finishes.
  void close(websocket::close_reason reason);

  // Hands the batch to the context's DeliveryInbox.
  void deliver(const bus::Batch& batch) override;
  // From the inbox, on an I/O thread: the batches (in commit order) go to the subscriptions on
  // the session's strand, at once when the strand is idle, and leave in one gathered write.
  void receive(Batches batches) override;

 private:
  // `draining`: the connection will close (a subscription could not keep its promise), but
  // first every request already read gets its answer; new ones are refused.
  enum class State { handshaking, checking, open, draining, closing, finished };
  bool serving() const noexcept { return state_ == State::open || state_ == State::draining; }

  // SendQueue::Owner
  std::shared_ptr<void> lifeline() override { return shared_from_this(); }
  void on_send_room() override;
  void on_send_overflow() override;
  void on_send_failed() override;
  void on_all_sent() override;

  // service::SubscriptionsSink
  bool has_room_for_replay(std::size_t bytes) const override;
  void send(const bus::Frame& frame) override;
  void read_page(service::ReadTicket ticket, const domain::StreamId& stream,
                 domain::Seq after) override;
  void subscribed(service::RequestId id, const domain::StreamId& stream, domain::Seq head_seq,
                  const std::string& epoch) override;
  void unsubscribed(service::RequestId id, const domain::StreamId& stream) override;
  void refused(service::RequestId id, const domain::Error& error) override;
  void ended(const domain::StreamId& stream, std::string_view reason) override;
  void failed(const domain::Error& error) override;

  void on_accept(beast::error_code ec);
  void on_session_checked(const domain::Result<domain::Ok>& checked);
  void do_read();
  void on_read(beast::error_code ec, std::size_t bytes);
  void handle(protocol::Request request);
  void handle_list_rounds(protocol::RequestId id);
  void handle_list_organisations(protocol::RequestId id);
  void handle_post_history(protocol::RequestId id, const protocol::PostHistoryRequest& request);
  void handle_list_participation(protocol::RequestId id, domain::RoundId round);
  void handle_list_presence(protocol::RequestId id, domain::RoundId round);
  void handle_command(protocol::RequestId id, domain::Command command,
                      std::optional<service::CommandKey> key);
  // Every answer to a request is one of these two.
  void answer(std::string frame);
  void answer_error(std::optional<protocol::RequestId> id, const domain::Error& error);
  // 0 when this connection and its person may send another request now; else the wait in ms.
  std::int64_t take_request_token();
  // A service callback that runs handler(*this, result) on this connection's strand, keeping
  // the session alive until then.
  template <class Handler>
  auto on_strand(Handler handler);

  void start_close(websocket::close_reason reason);
  // Closes with this reason once every request in flight is answered.
  void close_after_answers(websocket::close_reason reason);
  // Closes once every request is answered and the answers are on the wire (Beast's close frame
  // would otherwise go ahead of them and they would be dropped).
  void close_if_answered();
  void finish();

  WebSocketStream ws_;  // its QueuedSocket holds the send queue
  SendQueue& queue() noexcept { return ws_.next_layer().queue(); }
  const SendQueue& queue() const noexcept { return ws_.next_layer().queue(); }
  NetContext& context_;
  service::Caller caller_;
  domain::Timestamp session_expires_at_;
  // Closes with 4001 at the login session's absolute end; an idle end, or one in another
  // process, is found by the sweep (session_watch).
  asio::steady_timer session_expiry_;
  beast::flat_buffer buffer_;
  std::optional<service::Subscriptions> subscriptions_;  // made once shared_from_this works
  State state_ = State::handshaking;
  std::optional<websocket::close_reason> close_after_handshake_;
  std::optional<websocket::close_reason> close_when_answered_;
  std::size_t requests_in_flight_ = 0;
  TokenBucket requests_;        // this connection's share; the person's is in the registry
  AddressLeases::Lease lease_;  // the HTTP connection's, kept until this one closes
};

}  // namespace samrad::net
