// Registry of open connections (see connection_registry.hpp).
#include "net/connection_registry.hpp"

#include <algorithm>
#include <vector>

#include "net/http_session.hpp"
#include "net/websocket_session.hpp"

namespace samrad::net {

bool ConnectionRegistry::add(const std::shared_ptr<WebSocketSession>& session,
                             domain::PersonId person, std::string token_hash,
                             std::size_t max_per_person) {
  std::lock_guard lock(mutex_);
  if (shutting_down_) return false;
  if (count_of(person) >= max_per_person) return false;
  websockets_.emplace(session.get(), Entry{session, person, std::move(token_hash)});
  return true;
}

bool ConnectionRegistry::has_room_for(domain::PersonId person, std::size_t max_per_person) const {
  std::lock_guard lock(mutex_);
  return !shutting_down_ && count_of(person) < max_per_person;
}

std::size_t ConnectionRegistry::count_of(domain::PersonId person) const {
  return static_cast<std::size_t>(
      std::count_if(websockets_.begin(), websockets_.end(),
                    [person](const auto& entry) { return entry.second.person == person; }));
}

void ConnectionRegistry::remove(const WebSocketSession* session) {
  std::lock_guard lock(mutex_);
  websockets_.erase(session);
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
