// One browser's WebSocket: reads requests, answers them, and keeps the round subscriptions.
// Its send queue is the only writer to the socket; frames are shared, never re-encoded.
#pragma once

#include <deque>
#include <memory>
#include <string>
#include <unordered_map>

#include "bus/local_hub.hpp"
#include "net/beast.hpp"
#include "protocol/codec.hpp"
#include "service/consultation_service.hpp"
#include "store/store.hpp"

namespace samrad::net {

struct NetContext;

// Application close codes (protocol/README.md).
inline constexpr auto close_code_resume = static_cast<websocket::close_code>(4000);  // too slow
inline constexpr auto close_code_session_ended = static_cast<websocket::close_code>(4001);

class WebSocketSession : public bus::Subscriber,
                         public std::enable_shared_from_this<WebSocketSession> {
 public:
  WebSocketSession(tcp::socket socket, NetContext& context, store::Session session,
                   std::string token_hash);
  ~WebSocketSession() override;

  // Completes the upgrade of an already authorised request.
  void run(http::request<http::string_body> request);

  // Thread-safe: close with this reason once queued writes already in flight finish.
  void close(websocket::close_reason reason);

  void deliver(domain::RoundId round, domain::Seq seq, const bus::Frame& frame) override;

 private:
  struct Subscription {
    domain::Seq delivered = 0;       // the client has every event up to here
    domain::Seq newest_known = 0;    // highest seq the bus has announced
    bool reading = false;            // a store read is under way; live frames wait for it
    bool waiting_for_drain = false;  // catch-up paused until the send queue drains
    std::optional<protocol::RequestId> pending_subscribe;  // answer once the first read is in
    std::uint64_t generation = 0;  // tells a read for this subscription from a stale one
  };

  void on_accept(beast::error_code ec);
  void do_read();
  void on_read(beast::error_code ec, std::size_t bytes);
  void handle(protocol::Request request);
  void handle_subscribe(protocol::RequestId id, const protocol::Subscribe& subscribe);
  void handle_unsubscribe(protocol::RequestId id, const protocol::Unsubscribe& unsubscribe);
  void handle_list_rounds(protocol::RequestId id);
  void handle_command(protocol::RequestId id, domain::Command command);

  void on_live_event(domain::RoundId round, domain::Seq seq, const bus::Frame& frame);
  void catch_up(domain::RoundId round);
  void on_events_read(domain::RoundId round, std::uint64_t generation,
                      const domain::Result<service::EventPage>& result);

  bool behind(const Subscription& subscription) const;
  void resume_paused_catch_ups();
  void send(bus::Frame frame);
  void send(std::string text);
  void do_write();
  void on_write(beast::error_code ec, std::size_t bytes);
  void start_close(websocket::close_reason reason);
  void finish();

  websocket::stream<beast::tcp_stream> ws_;
  NetContext& context_;
  domain::Person person_;
  std::string token_hash_;
  domain::Timestamp session_expires_at_;
  asio::steady_timer session_expiry_;  // closes with 4001 when the login session ends
  beast::flat_buffer buffer_;

  std::deque<bus::Frame> queue_;
  std::size_t queued_bytes_ = 0;
  bool writing_ = false;
  bool closing_ = false;
  std::optional<websocket::close_reason> close_reason_;
  bool finished_ = false;
  std::size_t requests_in_flight_ = 0;

  std::unordered_map<domain::RoundId, Subscription> subscriptions_;
  std::uint64_t subscriptions_made_ = 0;
};

}  // namespace samrad::net
