// A hiredis asynchronous connection on Asio (see connection.hpp).
#include "bus/redis/connection.hpp"

#include <hiredis/async.h>
#include <hiredis/hiredis.h>

#include <boost/asio/post.hpp>

#include <vector>

namespace samrad::bus::redis {

namespace {

using Clock = std::chrono::steady_clock;
using OwnedReply = std::unique_ptr<redisReply, decltype(&freeReplyObject)>;

Connection& owner(void* privdata) {
  return *static_cast<Connection*>(privdata);
}

}  // namespace

std::shared_ptr<Connection> Connection::open(asio::io_context& io, const std::string& ip, int port,
                                             Mode mode, const ConnectionOptions& options,
                                             Handlers handlers) {
  std::shared_ptr<Connection> connection(new Connection(io, mode, options, std::move(handlers)));
  connection->start(ip, port);
  return connection;
}

Connection::Connection(asio::io_context& io, Mode mode, const ConnectionOptions& options,
                       Handlers handlers)
    : io_(io),
      mode_(mode),
      options_(options),
      handlers_(std::move(handlers)),
      socket_(io),
      timer_(io) {}

Connection::~Connection() {
  if (context_) redisAsyncFree(context_);
}

void Connection::start(const std::string& ip, int port) {
  unanswered_since_ = last_activity_ = Clock::now();
  tick();
  // Non-blocking: connect(2) is started here and finished when the socket turns writable.
  context_ = redisAsyncConnect(ip.c_str(), port);
  if (!context_) {
    asio::post(io_, [self = shared_from_this()] { self->fail("cannot allocate a connection"); });
    return;
  }
  if (context_->err) {
    const std::string why = context_->errstr;
    redisAsyncFree(context_);
    context_ = nullptr;
    asio::post(io_, [self = shared_from_this(), why] { self->fail(why); });
    return;
  }
  context_->data = this;
  limits_.emplace(*context_->c.reader, options_.limits);
  socket_.assign(context_->c.fd);
  context_->ev.data = this;
  context_->ev.addRead = &Connection::add_read;
  context_->ev.delRead = &Connection::del_read;
  context_->ev.addWrite = &Connection::add_write;
  context_->ev.delWrite = &Connection::del_write;
  context_->ev.cleanup = &Connection::cleanup;
  redisAsyncSetConnectCallback(context_, &Connection::connected);
}

void Connection::connected(const redisAsyncContext* context, int status) {
  // A failed connect is reported by cleanup, which hiredis calls right after this.
  if (status != REDIS_OK) return;
  auto& self = owner(context->data);
  // Ready once the server answers: a listening socket alone may be a stopped server.
  const char* ping = "PING";
  const std::size_t length = 4;
  redisAppendCommandArgv(&self.context_->c, 1, &ping, &length);
}

bool Connection::send(std::initializer_list<std::string_view> args, ReplyHandler on_reply) {
  std::vector<const char*> argv;
  std::vector<std::size_t> lengths;
  argv.reserve(args.size());
  lengths.reserve(args.size());
  for (const auto arg : args) {
    argv.push_back(arg.data());
    lengths.push_back(arg.size());
  }
  return send_argv(argv, lengths, std::move(on_reply));
}

bool Connection::send(std::span<const std::string> args, ReplyHandler on_reply) {
  std::vector<const char*> argv;
  std::vector<std::size_t> lengths;
  argv.reserve(args.size());
  lengths.reserve(args.size());
  for (const auto& arg : args) {
    argv.push_back(arg.data());
    lengths.push_back(arg.size());
  }
  return send_argv(argv, lengths, std::move(on_reply));
}

bool Connection::send_argv(std::vector<const char*>& argv, std::vector<std::size_t>& lengths,
                           ReplyHandler on_reply) {
  if (!ready_ || !context_) return false;
  if (sdslen(context_->c.obuf) >= options_.max_output_bytes) return false;
  if (mode_ == Mode::requests && pending_.size() >= options_.max_pending_replies) return false;
  if (redisAppendCommandArgv(&context_->c, static_cast<int>(argv.size()), argv.data(),
                             lengths.data()) != REDIS_OK) {
    return false;
  }
  if (mode_ == Mode::requests) pending_.push_back(std::move(on_reply));
  if (!unanswered_since_) unanswered_since_ = Clock::now();
  add_write(this);
  return true;
}

void Connection::close() {
  if (finished_) return;
  finished_ = true;
  ready_ = false;
  timer_.cancel();
  if (context_) redisAsyncFree(context_);
  answer_pending_with_null();
}

void Connection::fail(const std::string& why) {
  if (finished_) return;
  auto self = shared_from_this();
  close();
  if (handlers_.lost) handlers_.lost(why);
}

void Connection::answer_pending_with_null() {
  auto pending = std::move(pending_);
  pending_.clear();
  for (auto& handler : pending) {
    if (handler) handler(nullptr);
  }
}

void Connection::wait_readable() {
  if (read_waiting_ || !context_) return;
  read_waiting_ = true;
  socket_.async_wait(asio::posix::stream_descriptor::wait_read,
                     [self = shared_from_this()](const boost::system::error_code& error) {
                       self->read_waiting_ = false;
                       if (error == asio::error::operation_aborted || !self->context_) return;
                       if (error) return self->fail("socket: " + error.message());
                       if (self->want_read_) self->on_readable();
                     });
}

void Connection::wait_writable() {
  if (write_waiting_ || !context_) return;
  write_waiting_ = true;
  socket_.async_wait(asio::posix::stream_descriptor::wait_write,
                     [self = shared_from_this()](const boost::system::error_code& error) {
                       self->write_waiting_ = false;
                       if (error == asio::error::operation_aborted || !self->context_) return;
                       if (error) return self->fail("socket: " + error.message());
                       if (self->want_write_) self->on_writable();
                     });
}

void Connection::on_writable() {
  auto self = shared_from_this();
  // Finishes connecting on the first call, then writes what is buffered; hiredis re-arms or
  // disarms writing through the hooks, and frees the context itself on an error.
  redisAsyncHandleWrite(context_);
  if (!context_) fail(context_error_.empty() ? "connection lost" : context_error_);
}

void Connection::on_readable() {
  auto self = shared_from_this();
  auto& context = context_->c;
  // Reading and parsing is hiredis'; dispatching the replies is ours (see connection.hpp).
  // The reason is copied first: failing frees the context that holds it.
  if (redisBufferRead(&context) != REDIS_OK) return fail(std::string(context.errstr));
  for (;;) {
    void* raw = nullptr;
    if (redisGetReplyFromReader(&context, &raw) != REDIS_OK) {
      const auto& violation = limits_->violation();
      return fail(violation.empty() ? std::string(context.errstr) : "refused " + violation);
    }
    if (!raw) break;
    OwnedReply reply(static_cast<redisReply*>(raw), &freeReplyObject);
    last_activity_ = Clock::now();
    dispatch(*reply);
    if (finished_) return;
  }
  if (limits_->over_buffer_limit()) return fail("refused " + limits_->violation());
  wait_readable();
}

void Connection::dispatch(const redisReply& reply) {
  if (!ready_) {
    // The handshake's PING is the first command, so its answer is the first reply.
    if (reply.type != REDIS_REPLY_STATUS || std::string_view(reply.str, reply.len) != "PONG") {
      return fail("unexpected answer to PING: " + (reply.type == REDIS_REPLY_ERROR
                                                       ? std::string(reply.str, reply.len)
                                                       : std::string("not PONG")));
    }
    unanswered_since_.reset();
    ready_ = true;
    if (handlers_.ready) handlers_.ready();
    return;
  }
  if (mode_ == Mode::pushes) {
    unanswered_since_.reset();
    if (handlers_.push) handlers_.push(reply);
    return;
  }
  if (pending_.empty()) return fail("a reply to no command");
  auto handler = std::move(pending_.front());
  pending_.pop_front();
  unanswered_since_ = pending_.empty() ? std::nullopt : std::optional(Clock::now());
  if (handler) handler(&reply);
}

void Connection::tick() {
  timer_.expires_after(options_.ping_interval);
  timer_.async_wait([self = shared_from_this()](const boost::system::error_code& error) {
    if (error || self->finished_) return;
    const auto now = Clock::now();
    if (self->unanswered_since_ && now - *self->unanswered_since_ >= self->options_.reply_timeout) {
      return self->fail("no answer for " + std::to_string(self->options_.reply_timeout.count()) +
                        " ms");
    }
    if (self->ready_ && !self->unanswered_since_ &&
        now - self->last_activity_ >= self->options_.ping_interval) {
      self->send({"PING"});
    }
    self->tick();
  });
}

void Connection::context_gone() {
  if (context_->err) context_error_ = context_->errstr;
  context_ = nullptr;
  want_read_ = want_write_ = false;
  // hiredis closes the socket itself; the descriptor only lets go of it (and cancels waits).
  if (socket_.is_open()) socket_.release();
}

void Connection::add_read(void* self) {
  owner(self).want_read_ = true;
  owner(self).wait_readable();
}

void Connection::del_read(void* self) {
  owner(self).want_read_ = false;
}

void Connection::add_write(void* self) {
  owner(self).want_write_ = true;
  owner(self).wait_writable();
}

void Connection::del_write(void* self) {
  owner(self).want_write_ = false;
}

void Connection::cleanup(void* self) {
  owner(self).context_gone();
}

}  // namespace samrad::bus::redis
