// Every open connection, so that logout can close a session's WebSockets, a person's number
// of connections stays bounded, an admin's change to a person reaches their connections, the
// sweep can check each connection's session against the store, and shutdown can reach
// everything.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "domain/types.hpp"
#include "net/beast.hpp"
#include "net/token_bucket.hpp"

namespace samrad::net {

class WebSocketSession;
class HttpSession;

class ConnectionRegistry {
 public:
  // Requests one person may send over all their WebSockets together.
  explicit ConnectionRegistry(RateLimit per_person = {});

  // False when shutting down or the person already has max_per_person WebSockets. Remembers
  // who the person was at the upgrade (role, organisation), so that the sweep can tell when
  // that changed.
  bool add(const std::shared_ptr<WebSocketSession>& session, const domain::Person& person,
           std::string token_hash, std::size_t max_per_person);
  void remove(const WebSocketSession* session);
  bool has_room_for(domain::PersonId person, std::size_t max_per_person) const;
  // A request from this person (TokenBucket::take of the bucket their connections share).
  std::int64_t take_request_token(domain::PersonId person, std::int64_t now_ms);
  bool add(const std::shared_ptr<HttpSession>& session);
  void remove(const HttpSession* session);

  // Logout: close every WebSocket opened with this session (close code 4001).
  void close_session(const std::string& token_hash);
  // Close every WebSocket of this person with this reason (e.g. their role changed: reconnect).
  void close_person(domain::PersonId person, websocket::close_reason reason);

  // What the sweep checks: each open WebSocket's session and who its person was at the upgrade.
  struct Connection {
    std::string token_hash;
    domain::PersonId person = 0;
    domain::Role role = domain::Role::observer;
    domain::OrganisationId organisation = 0;
  };
  std::vector<Connection> websocket_connections() const;
  // The sweep's answer: of the sessions it asked about, these are live, with their persons as
  // they are now. Closes the connections of the others (4001), and those whose person's role or
  // organisation is no longer what it was at the upgrade (4002: reconnect as who they are now).
  // A connection opened with a session the sweep did not ask about waits for the next sweep.
  void close_stale(const std::unordered_set<std::string>& asked,
                   const std::unordered_map<std::string, domain::Person>& live);
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
    domain::Role role = domain::Role::observer;
    domain::OrganisationId organisation = 0;
  };
  mutable std::mutex mutex_;
  bool shutting_down_ = false;
  std::unordered_map<const WebSocketSession*, Entry> websockets_;
  // Open WebSockets per person (checked at every upgrade, so counted rather than searched) and
  // the requests they may still send.
  struct PersonConnections {
    std::size_t count = 0;
    TokenBucket requests;
  };
  RateLimit per_person_limit_;
  std::unordered_map<domain::PersonId, PersonConnections> per_person_;
  std::unordered_map<const HttpSession*, std::weak_ptr<HttpSession>> http_;
};

}  // namespace samrad::net
