// Every open connection, so that logout can close a session's WebSockets, a person's number
// of connections stays bounded, and shutdown can reach everything.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "domain/types.hpp"

namespace samrad::net {

class WebSocketSession;
class HttpSession;

class ConnectionRegistry {
 public:
  // False when shutting down or the person already has max_per_person WebSockets.
  bool add(const std::shared_ptr<WebSocketSession>& session, domain::PersonId person,
           std::string token_hash, std::size_t max_per_person);
  void remove(const WebSocketSession* session);
  bool has_room_for(domain::PersonId person, std::size_t max_per_person) const;
  bool add(const std::shared_ptr<HttpSession>& session);
  void remove(const HttpSession* session);

  // Logout: close every WebSocket opened with this session (close code 4001).
  void close_session(const std::string& token_hash);
  // Shutdown: refuse new connections, close WebSockets with 1001 and idle HTTP connections.
  void shut_down_all();
  bool shutting_down() const;
  bool empty() const;

 private:
  std::size_t count_of(domain::PersonId person) const;  // mutex_ held

  struct Entry {
    std::weak_ptr<WebSocketSession> session;
    domain::PersonId person;
    std::string token_hash;
  };
  mutable std::mutex mutex_;
  bool shutting_down_ = false;
  std::unordered_map<const WebSocketSession*, Entry> websockets_;
  std::unordered_map<const HttpSession*, std::weak_ptr<HttpSession>> http_;
};

}  // namespace samrad::net
