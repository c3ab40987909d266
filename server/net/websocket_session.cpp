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
                                   std::string token_hash, std::string address,
                                   AddressLeases::Lease lease)
    : ws_(std::move(socket),
          SendQueue::Bounds{context.options.max_send_queue_bytes, max_queued_frames}, *this),
      context_(context),
      caller_{std::move(session.person), std::move(token_hash),
              domain::Origin{domain::Source::web, std::move(address)}},
      session_expires_at_(std::max(session.expires_at, session.absolute_expires_at)),
      session_expiry_(ws_.get_executor()),
      requests_(context.options.requests_per_connection, steady_clock_ms()),
      lease_(std::move(lease)) {}

WebSocketSession::~WebSocketSession() = default;

template <class Handler>
auto WebSocketSession::on_strand(Handler handler) {
  return [self = shared_from_this(), handler = std::move(handler)](auto result) mutable {
    asio::post(self->ws_.get_executor(),
               [self, handler = std::move(handler), result = std::move(result)]() mutable {
                 handler(*self, std::move(result));
               });
  };
}

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
  ws_.control_callback([this](websocket::frame_type kind, beast::string_view) {
    if (kind == websocket::frame_type::close && ws_.reason().code >= 5000) {
      ws_.next_layer().refuse_next_close();
    }
  });
  ws_.set_option(websocket::stream_base::decorator(
      [](websocket::response_type& response) { response.set(http::field::server, "samrad"); }));
  subscriptions_.emplace(context_.bus, context_.service.presence(), weak_from_this(), *this,
                         max_subscriptions, caller_.person);
  ws_.async_accept(request,
                   beast::bind_front_handler(&WebSocketSession::on_accept, shared_from_this()));
}

void WebSocketSession::on_accept(beast::error_code ec) {
  if (ec) {
    spdlog::debug("websocket: accept failed: {}", ec.message());
    return finish();
  }
  state_ = State::checking;
  if (close_after_handshake_) return start_close(*close_after_handshake_);
  // The socket is registered now, so a logout from here on closes it; a logout that came
  // between the upgrade's session check and the registration is caught by checking again.
  context_.service.check_session(caller_, on_strand([](WebSocketSession& self, auto checked) {
                                   self.on_session_checked(checked);
                                 }));
}

void WebSocketSession::on_session_checked(const domain::Result<domain::Ok>& checked) {
  if (state_ != State::checking) return;
  if (!checked) {
    return start_close(checked.error().code == domain::ErrorCode::unauthenticated
                           ? websocket::close_reason(close_code_session_ended, "session ended")
                           : websocket::close_reason(websocket::close_code::internal_error,
                                                     "could not check the session"));
  }
  state_ = State::open;
  spdlog::info("websocket: open person={}", caller_.person.id);
  // The login session bounds the connection: every read and write is authorised by it.
  session_expiry_.expires_after(std::chrono::milliseconds(
      std::max<domain::Timestamp>(0, session_expires_at_ - service::now_ms())));
  session_expiry_.async_wait([self = shared_from_this()](beast::error_code ec) {
    if (!ec) {
      self->start_close(websocket::close_reason(close_code_session_ended, "session expired"));
    }
  });
  answer(protocol::encode_welcome(caller_.person, context_.options.max_message_bytes));
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
  if (!serving()) return;
  if (!ws_.got_text()) {
    buffer_.consume(buffer_.size());
    return start_close(websocket::close_reason(websocket::close_code::unknown_data,
                                               "binary frames are not part of the protocol"));
  }
  const std::string text = beast::buffers_to_string(buffer_.data());
  buffer_.consume(buffer_.size());
  auto parsed = protocol::parse_request(text);
  auto* failure = std::get_if<protocol::ParseFailure>(&parsed);
  // Every frame counts, one the server cannot read too: each is answered.
  if (const auto wait = take_request_token(); wait > 0) {
    answer_error(
        failure ? failure->id : std::get<protocol::Request>(parsed).id,
        {domain::ErrorCode::rate_limited, "Too many requests; wait before sending more", wait});
  } else if (failure) {
    answer_error(failure->id, failure->error);
  } else if (state_ == State::draining) {
    answer_error(std::get<protocol::Request>(parsed).id,
                 {domain::ErrorCode::storage_failed,
                  "The connection is closing to resume; send this again after reconnecting"});
  } else if (requests_in_flight_ >= max_requests_in_flight) {
    answer_error(
        std::get<protocol::Request>(parsed).id,
        {domain::ErrorCode::rate_limited, "Too many requests in flight; wait for answers"});
  } else {
    handle(std::move(std::get<protocol::Request>(parsed)));
  }
  if (serving()) do_read();
}

std::int64_t WebSocketSession::take_request_token() {
  const auto now = steady_clock_ms();
  if (const auto wait = requests_.take(now); wait > 0) return wait;
  const auto wait = context_.registry.take_request_token(caller_.person.id, now);
  if (wait > 0) requests_.give_back();
  return wait;
}

void WebSocketSession::handle(protocol::Request request) {
  const auto id = request.id;
  std::optional<service::CommandKey> key;
  if (request.key)
    key = service::CommandKey{std::move(*request.key), std::move(request.fingerprint)};
  std::visit(
      [this, id, &key](auto&& body) {
        using Body = std::decay_t<decltype(body)>;
        if constexpr (std::is_same_v<Body, protocol::ListRounds>) {
          handle_list_rounds(id);
        } else if constexpr (std::is_same_v<Body, protocol::ListOrganisations>) {
          handle_list_organisations(id);
        } else if constexpr (std::is_same_v<Body, protocol::ListParticipation>) {
          handle_list_participation(id, body.round);
        } else if constexpr (std::is_same_v<Body, protocol::ListPresence>) {
          handle_list_presence(id, body.round);
        } else if constexpr (std::is_same_v<Body, protocol::Subscribe>) {
          ++requests_in_flight_;  // until subscribed() or refused()
          subscriptions_->subscribe(id, body.stream, {body.since, body.epoch});
        } else if constexpr (std::is_same_v<Body, protocol::PostHistoryRequest>) {
          handle_post_history(id, body);
        } else if constexpr (std::is_same_v<Body, protocol::Unsubscribe>) {
          ++requests_in_flight_;  // until unsubscribed(): it may wait for its subscribe's answer
          subscriptions_->unsubscribe(id, body.stream);
        } else {
          handle_command(id, domain::Command{std::move(body)}, std::move(key));
        }
      },
      std::move(request.body));
}

void WebSocketSession::handle_list_rounds(protocol::RequestId id) {
  ++requests_in_flight_;
  context_.service.list_rounds(caller_, on_strand([id](WebSocketSession& self, auto result) {
                                 --self.requests_in_flight_;
                                 if (!result) return self.answer_error(id, result.error());
                                 self.answer(protocol::encode_rounds_result(id, *result));
                               }));
}

void WebSocketSession::handle_list_organisations(protocol::RequestId id) {
  ++requests_in_flight_;
  context_.service.list_organisations(
      caller_, on_strand([id](WebSocketSession& self, auto result) {
        --self.requests_in_flight_;
        if (!result) return self.answer_error(id, result.error());
        self.answer(protocol::encode_organisations_result(id, *result));
      }));
}

void WebSocketSession::handle_post_history(protocol::RequestId id,
                                           const protocol::PostHistoryRequest& request) {
  ++requests_in_flight_;
  context_.service.post_history(
      caller_, request.round, request.post,
      on_strand([id, request](WebSocketSession& self, auto result) {
        --self.requests_in_flight_;
        if (!result) return self.answer_error(id, result.error());
        protocol::PostHistoryView view{.round = request.round,
                                       .post = request.post,
                                       .thread = result->thread,
                                       .hidden = std::nullopt,
                                       .versions = {}};
        if (result->hidden) view.hidden = std::pair{result->hidden->reason, result->hidden->at};
        for (auto& version : result->versions) {
          view.versions.push_back({version.version, std::move(version.body), version.at});
        }
        self.answer(protocol::encode_post_history_result(id, view));
      }));
}

void WebSocketSession::handle_list_participation(protocol::RequestId id, domain::RoundId round) {
  ++requests_in_flight_;
  context_.service.list_participation(
      caller_, round, on_strand([id, round](WebSocketSession& self, auto result) {
        --self.requests_in_flight_;
        if (!result) return self.answer_error(id, result.error());
        self.answer(protocol::encode_participation_result(id, round, *result));
      }));
}

void WebSocketSession::handle_list_presence(protocol::RequestId id, domain::RoundId round) {
  ++requests_in_flight_;
  context_.service.list_presence(
      caller_, round, on_strand([id, round](WebSocketSession& self, auto result) {
        --self.requests_in_flight_;
        if (!result) return self.answer_error(id, result.error());
        self.answer(protocol::encode_presence_result(id, round, *result));
      }));
}

void WebSocketSession::handle_command(protocol::RequestId id, domain::Command command,
                                      std::optional<service::CommandKey> key) {
  ++requests_in_flight_;
  context_.service.submit(
      caller_, std::move(command), std::move(key),
      on_strand([id](WebSocketSession& self, auto result) {
        --self.requests_in_flight_;
        if (!result) return self.answer_error(id, result.error());
        if (result->empty()) {
          return self.answer_error(id, {domain::ErrorCode::internal, "The command did nothing"});
        }
        self.answer(protocol::encode_command_result(id, result->front()));
      }));
}

void WebSocketSession::answer(std::string frame) {
  send(bus::WireFrame::text(frame));
  close_if_answered();
}

void WebSocketSession::answer_error(std::optional<protocol::RequestId> id,
                                    const domain::Error& error) {
  answer(protocol::encode_error(id, error));
  // The session ended under this connection: nothing more is done for it.
  if (error.code == domain::ErrorCode::unauthenticated) {
    start_close(websocket::close_reason(close_code_session_ended, "session ended"));
  }
}

// --- subscriptions ---

void WebSocketSession::deliver(const bus::Batch& batch) {
  context_.deliveries.deliver(shared_from_this(), batch);
}

void WebSocketSession::receive(Batches batches) {
  asio::dispatch(ws_.get_executor(), [self = shared_from_this(), batches = std::move(batches)] {
    if (self->state_ != State::open) return;
    if (batches.size() == 1) return self->subscriptions_->on_batch(batches.front());
    self->queue().hold();
    for (const auto& batch : batches) {
      if (self->state_ != State::open) break;
      self->subscriptions_->on_batch(batch);
    }
    self->queue().release();
  });
}

bool WebSocketSession::has_room_for_replay(std::size_t bytes) const {
  return queue().has_room_for_replay(bytes);
}

void WebSocketSession::send(const bus::Frame& frame) {
  if (state_ == State::finished) return;
  queue().send(frame);
}

void WebSocketSession::read_page(service::ReadTicket ticket, const domain::StreamId& stream,
                                 domain::Seq after) {
  context_.service.read_stream(caller_, stream, after,
                               on_strand([ticket](WebSocketSession& self, auto page) {
                                 // While draining, a subscribe's read still owes its answer.
                                 if (!self.serving()) return;
                                 self.subscriptions_->on_page(ticket, std::move(page));
                               }));
}

void WebSocketSession::subscribed(service::RequestId id, const domain::StreamId& stream,
                                  domain::Seq head_seq, const std::string& epoch) {
  --requests_in_flight_;
  answer(protocol::encode_subscribed_result(id, stream, head_seq, epoch));
}

void WebSocketSession::unsubscribed(service::RequestId id, const domain::StreamId& stream) {
  --requests_in_flight_;
  answer(protocol::encode_unsubscribed_result(id, stream));
}

void WebSocketSession::refused(service::RequestId id, const domain::Error& error) {
  --requests_in_flight_;
  answer_error(id, error);
}

void WebSocketSession::ended(const domain::StreamId& stream, std::string_view reason) {
  spdlog::info("websocket: person={} no longer follows round={} stream={}: {}", caller_.person.id,
               stream.round, domain::to_string(stream.kind), reason);
  answer(protocol::encode_subscription_ended(stream, reason));
}

void WebSocketSession::failed(const domain::Error& error) {
  spdlog::warn("websocket: person={} subscription failed: {}", caller_.person.id, error.message);
  if (error.code == domain::ErrorCode::unauthenticated) {
    return start_close(websocket::close_reason(close_code_session_ended, "session ended"));
  }
  close_after_answers(websocket::close_reason(websocket::close_code::internal_error,
                                              "could not read the store; resume"));
}

void WebSocketSession::on_send_room() {
  if (serving()) subscriptions_->on_room();
}

// --- closing ---

void WebSocketSession::close(websocket::close_reason reason) {
  asio::post(ws_.get_executor(),
             [self = shared_from_this(), reason] { self->start_close(reason); });
}

void WebSocketSession::close_after_answers(websocket::close_reason reason) {
  if (state_ != State::open) return start_close(reason);
  state_ = State::draining;
  close_when_answered_ = reason;
  close_if_answered();
}

void WebSocketSession::close_if_answered() {
  if (!close_when_answered_ || requests_in_flight_ > 0) return;
  if (queue().all_sent()) return start_close(*close_when_answered_);
  queue().notify_when_sent();
}

void WebSocketSession::on_all_sent() {
  if (state_ == State::draining) close_if_answered();
}

void WebSocketSession::start_close(websocket::close_reason reason) {
  switch (state_) {
    case State::handshaking:
      // A close frame cannot go out before the handshake's answer: send it right after.
      if (!close_after_handshake_) close_after_handshake_ = reason;
      return;
    case State::checking:
    case State::open:
    case State::draining:
      state_ = State::closing;
      close_when_answered_.reset();
      session_expiry_.cancel();
      // What is not on the wire yet is dropped: the client resumes from the store.
      queue().stop_messages();
      return ws_.async_close(reason,
                             [self = shared_from_this()](beast::error_code) { self->finish(); });
    case State::closing:
    case State::finished:
      return;
  }
}

void WebSocketSession::on_send_overflow() {
  start_close(websocket::close_reason(close_code_resume, "too slow; resume"));
}

void WebSocketSession::on_send_failed() {
  finish();
}

void WebSocketSession::finish() {
  if (state_ == State::finished) return;
  state_ = State::finished;
  session_expiry_.cancel();
  subscriptions_->clear();
  context_.registry.remove(this);
  spdlog::info("websocket: closed person={}", caller_.person.id);
}

}  // namespace samrad::net
