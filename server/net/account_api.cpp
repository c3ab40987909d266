// The account endpoints of the HTTP API (protocol/README.md "HTTP API"): admins manage
// organisations and people, a person lists and ends their own sessions, an invitation link sets
// a password, the secretariat and admins read the audit log, observers and admins manage their
// API tokens. Every request is authorised by the
// account service against the session as it is now; this file routes, parses and answers, and
// closes the connections of sessions a change ended.
#include <spdlog/spdlog.h>

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <optional>
#include <string>
#include <vector>

#include "auth/tokens.hpp"
#include "net/http_api.hpp"
#include "net/http_responses.hpp"
#include "net/websocket_session.hpp"
#include "protocol/accounts_json.hpp"
#include "protocol/api_tokens_json.hpp"

namespace samrad::net {

namespace {

using domain::ErrorCode;

StringResponse no_content(const Request& request) {
  StringResponse response{http::status::no_content, request.version()};
  add_security_headers(response);
  response.set(http::field::cache_control, "no-store");
  response.keep_alive(request.keep_alive());
  return response;
}

StringResponse method_not_allowed(const Request& request) {
  return error_response(request, http::status::method_not_allowed, "bad_request",
                        "Method not allowed");
}

StringResponse no_such_endpoint(const Request& request) {
  return error_response(request, http::status::not_found, "not_found", "No such endpoint");
}

// A request with what routing it needs: its path segments and the client's address.
struct Call {
  Request request;
  NetContext& context;
  std::string address;
  Respond respond;
  std::vector<std::string> path;  // decoded segments after "api"
  std::vector<std::pair<std::string, std::string>> parameters;

  http::verb method() const { return request.method(); }
  void answer(StringResponse response) { respond(std::move(response)); }
  void fail(const domain::Error& error) { respond(from_error(request, error)); }
};

// Runs then(call, caller) once the cookie's session is resolved to its person; answers 401
// without one. The account service checks the session again in what it does.
template <class Then>
void with_caller(Call call, Then then) {
  std::string token = session_token_of(call.request);
  auto& service = call.context.service;
  service.resolve_session(
      token, [call = std::move(call), token, then = std::move(then)](auto result) mutable {
        if (!result) return call.fail(result.error());
        if (!result->has_value()) {
          return call.fail({ErrorCode::unauthenticated, "Not logged in"});
        }
        service::Caller caller{(*result)->person, auth::token_hash(token),
                               domain::Origin{domain::Source::web, call.address}};
        then(std::move(call), std::move(caller), (*result)->id);
      });
}

// What a change did reaches the connections it concerns before the answer goes out: ended
// sessions close (4001), people whose role changed reconnect (4002).
void act_on(NetContext& context, const service::AccountOutcome& outcome) {
  for (const auto& ended : outcome.ended_sessions) context.registry.close_session(ended.token_hash);
  for (const auto person : outcome.changed_people) {
    context.registry.close_person(
        person, websocket::close_reason(close_code_access_changed, "access changed"));
  }
}

void manage(Call call, service::AccountCommand command, http::status success) {
  // Activating and deactivating say how many sessions they ended (none, when activating).
  const bool reports_sessions = std::holds_alternative<domain::SetPersonActive>(command) ||
                                std::holds_alternative<domain::SetOrganisationActive>(command);
  with_caller(std::move(call), [command = std::move(command), success, reports_sessions](
                                   Call call, service::Caller caller, domain::SessionId) mutable {
    auto& context = call.context;
    context.accounts.manage(
        std::move(caller), std::move(command),
        [call = std::move(call), success,
         reports_sessions](domain::Result<service::AccountOutcome> result) mutable {
          if (!result) return call.fail(result.error());
          act_on(call.context, *result);
          protocol::AccountResult body{
              .organisation_id = result->organisation,
              .person_id = result->person,
              .sessions_ended =
                  reports_sessions ? std::optional(result->ended_sessions.size()) : std::nullopt,
              .invitation_token = result->invitation_token,
              .invitation_expires_at = result->invitation_expires_at};
          call.answer(
              json_text_response(call.request, success, protocol::encode_account_result(body)));
        });
  });
}

template <class T>
bool parsed_or_fail(Call& call, const domain::Result<T>& parsed) {
  if (parsed) return true;
  call.fail(parsed.error());
  return false;
}

// /api/admin/organisations[/{id}/(deactivate|activate)]
void admin_organisations(Call call) {
  const auto& path = call.path;
  if (path.size() == 2) {
    if (call.method() == http::verb::get) {
      return with_caller(std::move(call), [](Call call, service::Caller caller, domain::SessionId) {
        auto& accounts = call.context.accounts;
        accounts.list_organisations(
            std::move(caller), [call = std::move(call)](auto result) mutable {
              if (!result) return call.fail(result.error());
              call.answer(json_text_response(call.request, http::status::ok,
                                             protocol::encode_admin_organisations(*result)));
            });
      });
    }
    if (call.method() == http::verb::post) {
      auto parsed = protocol::parse_create_organisation(call.request.body());
      if (!parsed_or_fail(call, parsed)) return;
      return manage(std::move(call), std::move(parsed).value(), http::status::created);
    }
    return call.answer(method_not_allowed(call.request));
  }
  const auto id = path.size() == 4 ? id_segment(path[2]) : std::nullopt;
  if (!id || (path[3] != "deactivate" && path[3] != "activate")) {
    return call.answer(no_such_endpoint(call.request));
  }
  if (call.method() != http::verb::post) return call.answer(method_not_allowed(call.request));
  const bool active = path[3] == "activate";
  manage(std::move(call), domain::SetOrganisationActive{*id, active}, http::status::ok);
}

// /api/admin/people[/{id}/(deactivate|activate|role|invitation)]
void admin_people(Call call) {
  const auto& path = call.path;
  if (path.size() == 2) {
    if (call.method() == http::verb::get) {
      return with_caller(std::move(call), [](Call call, service::Caller caller, domain::SessionId) {
        auto& accounts = call.context.accounts;
        accounts.list_people(std::move(caller), [call = std::move(call)](auto result) mutable {
          if (!result) return call.fail(result.error());
          call.answer(json_text_response(call.request, http::status::ok,
                                         protocol::encode_admin_people(*result)));
        });
      });
    }
    if (call.method() == http::verb::post) {
      auto parsed = protocol::parse_create_person(call.request.body());
      if (!parsed_or_fail(call, parsed)) return;
      return manage(std::move(call), std::move(parsed).value(), http::status::created);
    }
    return call.answer(method_not_allowed(call.request));
  }
  const auto id = path.size() == 4 ? id_segment(path[2]) : std::nullopt;
  const std::string what = path.size() == 4 ? path[3] : "";
  if (!id ||
      (what != "deactivate" && what != "activate" && what != "role" && what != "invitation")) {
    return call.answer(no_such_endpoint(call.request));
  }
  if (call.method() != http::verb::post) return call.answer(method_not_allowed(call.request));
  if (what == "role") {
    const auto role = protocol::parse_change_role(call.request.body());
    if (!parsed_or_fail(call, role)) return;
    return manage(std::move(call), domain::ChangeRole{*id, *role}, http::status::ok);
  }
  if (what == "invitation") {
    return manage(std::move(call), domain::IssueInvitation{*id}, http::status::ok);
  }
  manage(std::move(call), domain::SetPersonActive{*id, what == "activate"}, http::status::ok);
}

// /api/sessions and /api/sessions/{id}/end
void sessions(Call call) {
  const auto& path = call.path;
  if (path.size() == 1) {
    if (call.method() != http::verb::get) return call.answer(method_not_allowed(call.request));
    return with_caller(std::move(call), [](Call call, service::Caller caller, domain::SessionId) {
      auto& accounts = call.context.accounts;
      accounts.sessions(std::move(caller), [call = std::move(call)](auto result) mutable {
        if (!result) return call.fail(result.error());
        call.answer(
            json_text_response(call.request, http::status::ok,
                               protocol::encode_sessions(result->sessions, result->current)));
      });
    });
  }
  const auto id = path.size() == 3 && path[2] == "end" ? id_segment(path[1]) : std::nullopt;
  if (!id) return call.answer(no_such_endpoint(call.request));
  if (call.method() != http::verb::post) return call.answer(method_not_allowed(call.request));
  with_caller(
      std::move(call), [id = *id](Call call, service::Caller caller, domain::SessionId current) {
        auto& accounts = call.context.accounts;
        accounts.end_session(
            std::move(caller), id, [call = std::move(call), current](auto result) mutable {
              if (!result) return call.fail(result.error());
              call.context.registry.close_session(result->token_hash);
              auto response = no_content(call.request);
              // Ending the session this request came through is logging out here.
              if (result->session.id == current) {
                response.set(http::field::set_cookie, session_cookie(call.context, "", true));
              }
              call.answer(std::move(response));
            });
      });
}

// /api/audit: read only. Nothing in the product changes or removes an entry.
void audit(Call call) {
  if (call.path.size() != 1) return call.answer(no_such_endpoint(call.request));
  if (call.method() != http::verb::get) return call.answer(method_not_allowed(call.request));
  auto query = protocol::parse_audit_query(call.parameters);
  if (!parsed_or_fail(call, query)) return;
  with_caller(std::move(call), [query = std::move(query).value()](Call call, service::Caller caller,
                                                                  domain::SessionId) mutable {
    auto& accounts = call.context.accounts;
    const auto limit = query.limit;
    accounts.read_audit(
        std::move(caller), std::move(query), [call = std::move(call), limit](auto result) mutable {
          if (!result) return call.fail(result.error());
          // A full page may have more behind it: the client asks from the last.
          const auto next = result->size() == limit && !result->empty()
                                ? std::optional(result->back().id)
                                : std::nullopt;
          call.answer(json_text_response(call.request, http::status::ok,
                                         protocol::encode_audit_entries(*result, next)));
        });
  });
}

// /api/tokens and /api/tokens/{id}: a person's read-only API tokens for exports. Made and revoked
// through the login session only: a token never manages tokens (it is refused before routing).
void tokens(Call call) {
  const auto& path = call.path;
  if (path.size() == 1) {
    if (call.method() == http::verb::get) {
      return with_caller(std::move(call), [](Call call, service::Caller caller, domain::SessionId) {
        auto& tokens = call.context.tokens;
        tokens.list(std::move(caller), [call = std::move(call)](auto result) mutable {
          if (!result) return call.fail(result.error());
          call.answer(
              json_text_response(call.request, http::status::ok,
                                 protocol::encode_api_tokens(*result, call.context.service.now())));
        });
      });
    }
    if (call.method() != http::verb::post) return call.answer(method_not_allowed(call.request));
    auto command = protocol::parse_create_api_token(call.request.body());
    if (!parsed_or_fail(call, command)) return;
    return with_caller(
        std::move(call), [command = std::move(command).value()](Call call, service::Caller caller,
                                                                domain::SessionId) mutable {
          auto& tokens = call.context.tokens;
          tokens.create(std::move(caller), std::move(command),
                        [call = std::move(call)](auto result) mutable {
                          if (!result) return call.fail(result.error());
                          call.answer(json_text_response(
                              call.request, http::status::created,
                              protocol::encode_created_api_token(result->record, result->token)));
                        });
        });
  }
  const auto id = path.size() == 2 ? id_segment(path[1]) : std::nullopt;
  if (!id) return call.answer(no_such_endpoint(call.request));
  if (call.method() != http::verb::delete_) return call.answer(method_not_allowed(call.request));
  with_caller(std::move(call), [id = *id](Call call, service::Caller caller, domain::SessionId) {
    auto& tokens = call.context.tokens;
    tokens.revoke(std::move(caller), id, [call = std::move(call)](auto result) mutable {
      if (!result) return call.fail(result.error());
      call.answer(
          json_text_response(call.request, http::status::ok,
                             protocol::encode_api_token(*result, call.context.service.now())));
    });
  });
}

// /api/invitation {"token"} and /api/invitation/accept {"token","password"}: no login, the link
// is the credential.
void invitation(Call call) {
  const bool accept = call.path.size() == 2 && call.path[1] == "accept";
  if (call.path.size() != 1 && !accept) return call.answer(no_such_endpoint(call.request));
  if (call.method() != http::verb::post) return call.answer(method_not_allowed(call.request));
  auto& context = call.context;
  if (!accept) {
    auto token = protocol::parse_invitation_token(call.request.body());
    if (!parsed_or_fail(call, token)) return;
    return context.accounts.check_invitation(
        std::move(token).value(), [call = std::move(call)](auto result) mutable {
          if (!result) return call.fail(result.error());
          call.answer(json_text_response(call.request, http::status::ok,
                                         protocol::encode_invitation(*result)));
        });
  }
  auto body = protocol::parse_accept_invitation(call.request.body());
  if (!parsed_or_fail(call, body)) return;
  service::ClientInfo client{call.address, user_agent_of(call.request)};
  context.accounts.accept_invitation(
      std::move(body->token), std::move(body->password), std::move(client),
      [call = std::move(call)](auto result) mutable {
        if (!result) return call.fail(result.error());
        auto response = json_text_response(call.request, http::status::ok,
                                           protocol::encode_person(result->person));
        response.set(http::field::set_cookie, session_cookie(call.context, result->token, false));
        call.answer(std::move(response));
      });
}

}  // namespace

bool is_account_api(std::string_view target) {
  for (const std::string_view prefix :
       {"/api/admin/", "/api/sessions", "/api/audit", "/api/invitation", "/api/tokens"}) {
    if (target.starts_with(prefix)) return true;
  }
  return false;
}

void handle_account_api(Request request, NetContext& context, std::string address,
                        Respond respond) {
  const auto url = boost::urls::parse_origin_form(request.target());
  if (!url) {
    return respond(error_response(request, http::status::bad_request, "bad_request",
                                  "The request's address is not valid"));
  }
  Call call{std::move(request), context, std::move(address), std::move(respond), {}, {}};
  auto segments = url->segments();
  auto it = segments.begin();
  if (it == segments.end() || *it != "api") return call.answer(no_such_endpoint(call.request));
  for (++it; it != segments.end(); ++it) call.path.push_back(*it);
  for (const auto& parameter : url->params()) {
    call.parameters.emplace_back(parameter.key, parameter.has_value ? parameter.value : "");
  }
  if (call.path.empty()) return call.answer(no_such_endpoint(call.request));
  // Only the audit log reads a query string.
  if (!call.parameters.empty() && call.path.front() != "audit") {
    return call.answer(no_such_endpoint(call.request));
  }
  const auto& first = call.path.front();
  if (first == "admin" && call.path.size() >= 2 && call.path[1] == "organisations") {
    return admin_organisations(std::move(call));
  }
  if (first == "admin" && call.path.size() >= 2 && call.path[1] == "people") {
    return admin_people(std::move(call));
  }
  if (first == "sessions") return sessions(std::move(call));
  if (first == "audit") return audit(std::move(call));
  if (first == "invitation") return invitation(std::move(call));
  if (first == "tokens") return tokens(std::move(call));
  call.answer(no_such_endpoint(call.request));
}

}  // namespace samrad::net
