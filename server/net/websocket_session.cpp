// One browser's WebSocket session (see websocket_session.hpp).
#include "net/websocket_session.hpp"

#include <spdlog/spdlog.h>

#include "net/net_context.hpp"

namespace samrad::net {

namespace {
// Bounds per connection (DESIGN.md rule 4). A client past the queue bound is cut with "resume"
// and loses nothing: it resubscribes with since=<last seq>.
constexpr std::size_t max_queued_frames = 4096;
constexpr std::size_t max_requests_in_flight = 32;
constexpr std::size_t max_subscriptions = 64;
}  // namespace

WebSocketSession::WebSocketSession(tcp::socket socket, NetContext& context, store::Session session,
                                   std::string token_hash)
    : ws_(std::move(socket)),
      context_(context),
      person_(std::move(session.person)),
      token_hash_(std::move(token_hash)),
      session_expires_at_(session.expires_at),
      session_expiry_(ws_.get_executor()) {}

WebSocketSession::~WebSocketSession() = default;

void WebSocketSession::run(http::request<http::string_body> request) {
  // A peer that stays silent for idle_timeout gets a ping; no pong within the next half closes.
  websocket::stream_base::timeout timeouts{};
  timeouts.handshake_timeout = std::chrono::seconds(10);
  timeouts.idle_timeout = std::chrono::seconds(60);
  timeouts.keep_alive_pings = true;
  ws_.set_option(timeouts);
  websocket::permessage_deflate no_compression;
  no_compression.server_enable = false;
  no_compression.client_enable = false;
  ws_.set_option(no_compression);
  ws_.read_message_max(context_.options.max_message_bytes);
  ws_.auto_fragment(false);
  ws_.text(true);
  ws_.set_option(websocket::stream_base::decorator(
      [](websocket::response_type& response) { response.set(http::field::server, "samrad"); }));
  ws_.async_accept(request,
                   beast::bind_front_handler(&WebSocketSession::on_accept, shared_from_this()));
}

void WebSocketSession::on_accept(beast::error_code ec) {
  if (ec) {
    spdlog::debug("websocket: accept failed: {}", ec.message());
    return finish();
  }
  spdlog::info("websocket: open person={}", person_.id);
  // The login session bounds the connection: every read and write is authorised by it.
  session_expiry_.expires_after(std::chrono::milliseconds(
      std::max<domain::Timestamp>(0, session_expires_at_ - service::now_ms())));
  session_expiry_.async_wait([self = shared_from_this()](beast::error_code ec) {
    if (!ec) {
      self->start_close(websocket::close_reason(close_code_session_ended, "session expired"));
    }
  });
  send(protocol::encode_welcome(person_, context_.options.max_message_bytes));
  do_read();
}

void WebSocketSession::do_read() {
  ws_.async_read(buffer_,
                 beast::bind_front_handler(&WebSocketSession::on_read, shared_from_this()));
}

void WebSocketSession::on_read(beast::error_code ec, std::size_t) {
  // Oversized frames (1009) and invalid UTF-8 (1007) are closed by Beast itself with the right
  // code; here the read just ends.
  if (ec) {
    if (ec != websocket::error::closed) spdlog::debug("websocket: read ended: {}", ec.message());
    return finish();
  }
  if (!ws_.got_text()) {
    buffer_.consume(buffer_.size());
    return start_close(websocket::close_reason(websocket::close_code::unknown_data,
                                               "binary frames are not part of the protocol"));
  }
  const std::string text = beast::buffers_to_string(buffer_.data());
  buffer_.consume(buffer_.size());
  auto parsed = protocol::parse_request(text);
  if (auto* failure = std::get_if<protocol::ParseFailure>(&parsed)) {
    send(protocol::encode_error(failure->id, failure->error));
  } else if (requests_in_flight_ >= max_requests_in_flight) {
    send(protocol::encode_error(
        std::get<protocol::Request>(parsed).id,
        {domain::ErrorCode::rate_limited, "Too many requests in flight; wait for answers"}));
  } else {
    handle(std::move(std::get<protocol::Request>(parsed)));
  }
  if (!closing_) do_read();
}

void WebSocketSession::handle(protocol::Request request) {
  const auto id = request.id;
  std::visit(
      [this, id](auto&& body) {
        using Body = std::decay_t<decltype(body)>;
        if constexpr (std::is_same_v<Body, protocol::ListRounds>) {
          handle_list_rounds(id);
        } else if constexpr (std::is_same_v<Body, protocol::Subscribe>) {
          handle_subscribe(id, body);
        } else if constexpr (std::is_same_v<Body, protocol::Unsubscribe>) {
          handle_unsubscribe(id, body);
        } else {
          handle_command(id, domain::Command{std::move(body)});
        }
      },
      std::move(request.body));
}

void WebSocketSession::handle_list_rounds(protocol::RequestId id) {
  ++requests_in_flight_;
  context_.service.list_rounds(person_, [self = shared_from_this(), id](auto result) {
    asio::post(self->ws_.get_executor(), [self, id, result = std::move(result)] {
      --self->requests_in_flight_;
      self->send(result ? protocol::encode_rounds_result(id, *result)
                        : protocol::encode_error(id, result.error()));
    });
  });
}

void WebSocketSession::handle_command(protocol::RequestId id, domain::Command command) {
  const bool is_thread = std::holds_alternative<domain::CreateThread>(command);
  ++requests_in_flight_;
  context_.service.submit(
      person_, std::move(command), [self = shared_from_this(), id, is_thread](auto result) {
        asio::post(self->ws_.get_executor(), [self, id, is_thread, result = std::move(result)] {
          --self->requests_in_flight_;
          if (!result) return self->send(protocol::encode_error(id, result.error()));
          self->send(is_thread ? protocol::encode_thread_created_result(
                                     id, result->round, result->seq, result->created_id)
                               : protocol::encode_post_created_result(
                                     id, result->round, result->seq, result->created_id));
        });
      });
}

void WebSocketSession::handle_subscribe(protocol::RequestId id,
                                        const protocol::Subscribe& subscribe) {
  if (subscriptions_.size() >= max_subscriptions) {
    return send(protocol::encode_error(
        id, {domain::ErrorCode::too_large, "Too many subscriptions on one connection"}));
  }
  if (subscriptions_.contains(subscribe.round)) {
    return send(protocol::encode_error(
        id, {domain::ErrorCode::conflict, "Already subscribed to this round"}));
  }
  subscriptions_.emplace(subscribe.round, Subscription{.delivered = subscribe.since,
                                                       .newest_known = subscribe.since,
                                                       .pending_subscribe = id,
                                                       .generation = ++subscriptions_made_});
  // Join the bus before reading the store: an event committed after the read began is then
  // announced to us, and one committed before is in the read (DESIGN.md rule 2).
  context_.service.hub().subscribe(subscribe.round, shared_from_this());
  catch_up(subscribe.round);
}

void WebSocketSession::handle_unsubscribe(protocol::RequestId id,
                                          const protocol::Unsubscribe& unsubscribe) {
  subscriptions_.erase(unsubscribe.round);
  context_.service.hub().unsubscribe(unsubscribe.round, this);
  send(protocol::encode_unsubscribed_result(id, unsubscribe.round));
}

void WebSocketSession::deliver(domain::RoundId round, domain::Seq seq, const bus::Frame& frame) {
  asio::post(ws_.get_executor(), [self = shared_from_this(), round, seq, frame] {
    self->on_live_event(round, seq, frame);
  });
}

void WebSocketSession::on_live_event(domain::RoundId round, domain::Seq seq,
                                     const bus::Frame& frame) {
  auto found = subscriptions_.find(round);
  if (found == subscriptions_.end()) return;
  auto& subscription = found->second;
  subscription.newest_known = std::max(subscription.newest_known, seq);
  if (behind(subscription) || seq <= subscription.delivered) return;
  if (seq == subscription.delivered + 1) {
    subscription.delivered = seq;
    return send(frame);
  }
  catch_up(round);  // a gap: the store fills it
}

// Reads the next page of events after what the client has; repeats until the client has
// everything the bus has announced. Serves first subscribe, resume and gap filling alike.
void WebSocketSession::catch_up(domain::RoundId round) {
  auto& subscription = subscriptions_.at(round);
  subscription.reading = true;
  ++requests_in_flight_;
  context_.service.read_events(
      person_, round, subscription.delivered,
      [self = shared_from_this(), round, generation = subscription.generation](auto result) {
        asio::post(self->ws_.get_executor(), [self, round, generation, result = std::move(result)] {
          --self->requests_in_flight_;
          self->on_events_read(round, generation, result);
        });
      });
}

void WebSocketSession::on_events_read(domain::RoundId round, std::uint64_t generation,
                                      const domain::Result<service::EventPage>& result) {
  auto found = subscriptions_.find(round);
  // Unsubscribed meanwhile (and perhaps subscribed again): this read is not wanted any more.
  if (found == subscriptions_.end() || found->second.generation != generation) return;
  auto& subscription = found->second;
  auto refuse = [&](const domain::Error& error) {
    send(protocol::encode_error(subscription.pending_subscribe, error));
    subscriptions_.erase(found);
    context_.service.hub().unsubscribe(round, this);
  };
  if (!result) return refuse(result.error());
  if (auto id = subscription.pending_subscribe) {
    if (subscription.delivered > result->head_seq) {
      // A since from the future would silently swallow the events up to it.
      return refuse({domain::ErrorCode::bad_request, "since is beyond the round's newest event (" +
                                                         std::to_string(result->head_seq) + ")"});
    }
    subscription.pending_subscribe.reset();
    send(protocol::encode_subscribed_result(*id, round, result->head_seq));
  }
  subscription.reading = false;
  for (const auto& event : result->events) {
    if (event.seq != subscription.delivered + 1) break;
    // Replay is paced by the client: past half the queue bound, wait for the queue to drain
    // and read the rest from the store then, instead of cutting the client for being slow.
    if (!queue_.empty() &&
        queued_bytes_ + event.frame->size() > context_.options.max_send_queue_bytes / 2) {
      subscription.waiting_for_drain = true;
      break;
    }
    subscription.delivered = event.seq;
    send(event.frame);
  }
  subscription.newest_known = std::max(subscription.newest_known, result->head_seq);
  if (subscription.waiting_for_drain) return;
  // An empty page cannot be followed by more: stop rather than spin on a store fault.
  if (subscription.newest_known > subscription.delivered && !result->events.empty() && !closing_) {
    catch_up(round);
  }
}

bool WebSocketSession::behind(const Subscription& subscription) const {
  return subscription.reading || subscription.waiting_for_drain;
}

void WebSocketSession::resume_paused_catch_ups() {
  for (auto& [round, subscription] : subscriptions_) {
    if (!subscription.waiting_for_drain) continue;
    subscription.waiting_for_drain = false;
    catch_up(round);
  }
}

void WebSocketSession::send(std::string text) {
  send(std::make_shared<const std::string>(std::move(text)));
}

void WebSocketSession::send(bus::Frame frame) {
  if (closing_) return;
  // One frame always fits an empty queue: frames are bounded by the protocol's own limits.
  if (!queue_.empty() && (queue_.size() >= max_queued_frames ||
                          queued_bytes_ + frame->size() > context_.options.max_send_queue_bytes)) {
    spdlog::warn("websocket: person={} too slow, cut with resume", person_.id);
    return start_close(websocket::close_reason(close_code_resume, "too slow; resume"));
  }
  queued_bytes_ += frame->size();
  queue_.push_back(std::move(frame));
  if (!writing_) do_write();
}

void WebSocketSession::do_write() {
  writing_ = true;
  ws_.async_write(asio::buffer(*queue_.front()),
                  beast::bind_front_handler(&WebSocketSession::on_write, shared_from_this()));
}

void WebSocketSession::on_write(beast::error_code ec, std::size_t) {
  writing_ = false;
  queued_bytes_ -= queue_.front()->size();
  queue_.pop_front();
  if (ec) {
    queue_.clear();
    queued_bytes_ = 0;
    return finish();
  }
  if (closing_) {
    if (close_reason_) {
      ws_.async_close(*std::exchange(close_reason_, std::nullopt),
                      [self = shared_from_this()](beast::error_code) { self->finish(); });
    }
    return;
  }
  if (queued_bytes_ <= context_.options.max_send_queue_bytes / 4) resume_paused_catch_ups();
  if (!queue_.empty() && !writing_) do_write();
}

void WebSocketSession::close(websocket::close_reason reason) {
  asio::post(ws_.get_executor(),
             [self = shared_from_this(), reason] { self->start_close(reason); });
}

void WebSocketSession::start_close(websocket::close_reason reason) {
  if (closing_ || finished_) return;
  closing_ = true;
  // Drop what is not yet on the wire: the client resumes from the store.
  while (queue_.size() > (writing_ ? 1u : 0u)) {
    queued_bytes_ -= queue_.back()->size();
    queue_.pop_back();
  }
  if (writing_) {
    close_reason_ = reason;  // on_write closes once the frame on the wire is done
    return;
  }
  ws_.async_close(reason, [self = shared_from_this()](beast::error_code) { self->finish(); });
}

void WebSocketSession::finish() {
  if (finished_) return;
  finished_ = true;
  session_expiry_.cancel();
  for (const auto& [round, subscription] : subscriptions_) {
    context_.service.hub().unsubscribe(round, this);
  }
  subscriptions_.clear();
  context_.registry.remove(this);
  spdlog::info("websocket: closed person={}", person_.id);
}

}  // namespace samrad::net
