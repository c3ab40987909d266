// Registry of open connections (see connection_registry.hpp).
#include "net/connection_registry.hpp"

#include <algorithm>
#include <vector>

#include "net/http_session.hpp"
#include "net/websocket_session.hpp"

namespace samrad::net {

ConnectionRegistry::ConnectionRegistry(RateLimit per_person) : per_person_limit_(per_person) {}

bool ConnectionRegistry::add(const std::shared_ptr<WebSocketSession>& session,
                             const domain::Person& person, std::string token_hash,
                             std::size_t max_per_person) {
  std::lock_guard lock(mutex_);
  if (shutting_down_) return false;
  if (count_of(person.id) >= max_per_person) return false;
  const auto [entry, added] = websockets_.emplace(
      session.get(),
      Entry{session, person.id, std::move(token_hash), person.role, person.organisation.id});
  if (added) {
    // A person's bucket lives while they have a connection; reconnecting after the last one
    // closed starts it full, but costs an upgrade and a session check each time.
    auto [counted, _] = per_person_.try_emplace(
        person.id, PersonConnections{0, TokenBucket(per_person_limit_, steady_clock_ms())});
    ++counted->second.count;
  }
  return true;
}

bool ConnectionRegistry::has_room_for(domain::PersonId person, std::size_t max_per_person) const {
  std::lock_guard lock(mutex_);
  return !shutting_down_ && count_of(person) < max_per_person;
}

std::size_t ConnectionRegistry::count_of(domain::PersonId person) const {
  const auto found = per_person_.find(person);
  return found == per_person_.end() ? 0 : found->second.count;
}

std::int64_t ConnectionRegistry::take_request_token(domain::PersonId person, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  const auto found = per_person_.find(person);
  return found == per_person_.end() ? 0 : found->second.requests.take(now_ms);
}

void ConnectionRegistry::remove(const WebSocketSession* session) {
  std::lock_guard lock(mutex_);
  const auto found = websockets_.find(session);
  if (found == websockets_.end()) return;
  const auto count = per_person_.find(found->second.person);
  if (--count->second.count == 0) per_person_.erase(count);
  websockets_.erase(found);
}

bool ConnectionRegistry::add(const std::shared_ptr<HttpSession>& session) {
  std::lock_guard lock(mutex_);
  if (shutting_down_) return false;
  http_.emplace(session.get(), session);
  return true;
}

void ConnectionRegistry::remove(const HttpSession* session) {
  std::lock_guard lock(mutex_);
  http_.erase(session);
}

void ConnectionRegistry::close_session(const std::string& token_hash) {
  std::vector<std::shared_ptr<WebSocketSession>> targets;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [key, entry] : websockets_) {
      if (entry.token_hash != token_hash) continue;
      if (auto session = entry.session.lock()) targets.push_back(std::move(session));
    }
  }
  for (const auto& session : targets) {
    session->close(websocket::close_reason(close_code_session_ended, "session ended"));
  }
}

void ConnectionRegistry::close_person(domain::PersonId person, websocket::close_reason reason) {
  std::vector<std::shared_ptr<WebSocketSession>> targets;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [key, entry] : websockets_) {
      if (entry.person != person) continue;
      if (auto session = entry.session.lock()) targets.push_back(std::move(session));
    }
  }
  for (const auto& session : targets) session->close(reason);
}

std::vector<ConnectionRegistry::Connection> ConnectionRegistry::websocket_connections() const {
  std::vector<Connection> connections;
  std::lock_guard lock(mutex_);
  connections.reserve(websockets_.size());
  for (const auto& [key, entry] : websockets_) {
    connections.push_back({entry.token_hash, entry.person, entry.role, entry.organisation});
  }
  return connections;
}

void ConnectionRegistry::close_stale(const std::unordered_set<std::string>& asked,
                                     const std::unordered_map<std::string, domain::Person>& live) {
  std::vector<std::shared_ptr<WebSocketSession>> ended;
  std::vector<std::shared_ptr<WebSocketSession>> changed;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [key, entry] : websockets_) {
      if (!asked.contains(entry.token_hash)) continue;
      const auto found = live.find(entry.token_hash);
      const bool is_ended = found == live.end();
      const bool is_changed = !is_ended && (found->second.role != entry.role ||
                                            found->second.organisation.id != entry.organisation);
      if (!is_ended && !is_changed) continue;
      if (auto session = entry.session.lock()) {
        (is_ended ? ended : changed).push_back(std::move(session));
      }
    }
  }
  for (const auto& session : ended) {
    session->close(websocket::close_reason(close_code_session_ended, "session ended"));
  }
  for (const auto& session : changed) {
    session->close(websocket::close_reason(close_code_access_changed, "access changed"));
  }
}

void ConnectionRegistry::shut_down_all() {
  std::vector<std::shared_ptr<WebSocketSession>> websockets;
  std::vector<std::shared_ptr<HttpSession>> http;
  {
    std::lock_guard lock(mutex_);
    shutting_down_ = true;
    for (const auto& [key, entry] : websockets_) {
      if (auto session = entry.session.lock()) websockets.push_back(std::move(session));
    }
    for (const auto& [key, weak] : http_) {
      if (auto session = weak.lock()) http.push_back(std::move(session));
    }
  }
  for (const auto& session : websockets) {
    session->close(
        websocket::close_reason(websocket::close_code::going_away, "server shutting down"));
  }
  for (const auto& session : http) session->shut_down();
}

bool ConnectionRegistry::empty() const {
  std::lock_guard lock(mutex_);
  return websockets_.empty() && http_.empty();
}

bool ConnectionRegistry::shutting_down() const {
  std::lock_guard lock(mutex_);
  return shutting_down_;
}

}  // namespace samrad::net
