// The `samrad admin` subcommand (see admin_command.hpp).
#include "app/admin_command.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <ostream>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "app/config.hpp"
#include "app/open_store.hpp"
#include "auth/tokens.hpp"
#include "service/account_handler.hpp"
#include "service/consultation_service.hpp"

namespace samrad::app {

namespace {

constexpr std::string_view usage = R"(Usage: samrad admin COMMAND [options]

Manages organisations and people in the database the server uses (same --config and --database
options as the server). Every change is recorded in the audit log as made from the command line.

  organisation list
  organisation create NAME --kind KIND
        KIND: ministry, agency, municipality, region, association or other
  organisation deactivate ORGANISATION     its people can no longer log in; their sessions end
  organisation activate ORGANISATION
  person list
  person create --name NAME --email EMAIL --role ROLE --organisation ORGANISATION
        ROLE: admin, secretariat, representative or observer; prints a one-time
        invitation link with which the person sets their own password
  person invite PERSON                     a new invitation link (earlier links stop working)
  person role PERSON ROLE
  person deactivate PERSON                 ends their sessions; a running server closes their
                                           connections within a second
  person activate PERSON
  epoch renew                              after restoring a backup, with every server stopped:
                                           clients reload streams instead of resuming them
  help

ORGANISATION is an id or an exact name; PERSON an id or an email address.

Options:
  --config FILE             TOML configuration (see config/samrad.toml)
  --database PATH           SQLite database file (must exist: the server creates it)
  --postgres CONNINFO       the PostgreSQL database instead ([database] postgres)
  --public-url URL          the address in printed invitation links ([server] public_url)
  --invitation-seconds N    how long a new invitation link works ([auth] invitation_days)
)";

// A refusal to show and exit with: 1 for a refusal, 2 for bad usage.
struct Failure : std::runtime_error {
  Failure(const std::string& message, int code) : std::runtime_error(message), exit_code(code) {}
  int exit_code;
};

[[noreturn]] void bad_usage(const std::string& message) {
  throw Failure(message + " (see `samrad admin help`)", 2);
}

template <class T>
T checked(domain::Result<T> result) {
  if (!result) throw Failure(result.error().message, 1);
  return std::move(result).value();
}

// Who ran the command, for the audit log: the login name behind sudo if any, and the host.
std::string operator_name() {
  std::string user;
  for (const char* variable : {"SUDO_USER", "USER", "LOGNAME"}) {
    if (const char* value = std::getenv(variable); value && *value) {
      user = value;
      break;
    }
  }
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  return (user.empty() ? std::string("unknown") : user) + (host[0] ? "@" + std::string(host) : "");
}

// Characters, not bytes, for lining up columns of Swedish names.
std::size_t width_of(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

void print_table(std::ostream& out, const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> widths;
  for (const auto& row : rows) {
    widths.resize(std::max(widths.size(), row.size()));
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], width_of(row[i]));
  }
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(widths[i] - width_of(row[i]) + 2, ' ');
    }
    out << line << "\n";
  }
}

// The command's words and its --name value options.
struct Arguments {
  std::vector<std::string> words;
  std::map<std::string, std::string> options;

  const std::string& option(const std::string& name) const {
    const auto found = options.find(name);
    if (found == options.end()) bad_usage("missing --" + name);
    return found->second;
  }
};

class Admin {
 public:
  Admin(const Config& config, store::Store& store, std::ostream& out)
      : config_(config), store_(store), out_(out) {}

  void run(const Arguments& args) {
    const auto& words = args.words;
    const std::string noun = words.size() > 0 ? words[0] : "";
    const std::string verb = words.size() > 1 ? words[1] : "";
    const auto expect_words = [&](std::size_t count) {
      if (words.size() != count)
        bad_usage("`" + noun + " " + verb + "` takes " + std::to_string(count - 2) +
                  " argument(s)");
    };
    if (noun == "organisation") {
      if (verb == "list") {
        expect_words(2);
        return list_organisations();
      }
      if (verb == "create") {
        expect_words(3);
        const auto kind = domain::organisation_kind_from(args.option("kind"));
        if (!kind) bad_usage("unknown organisation kind '" + args.option("kind") + "'");
        const auto outcome = carry_out(domain::CreateOrganisation{words[2], *kind});
        out_ << "Created organisation " << *outcome.organisation << ": " << words[2] << " ("
             << domain::to_string(*kind) << ").\n";
        return;
      }
      if (verb == "deactivate" || verb == "activate") {
        expect_words(3);
        const auto organisation = find_organisation(words[2]);
        const bool active = verb == "activate";
        const auto outcome =
            carry_out(domain::SetOrganisationActive{organisation.organisation.id, active});
        out_ << (active ? "Activated" : "Deactivated") << " organisation "
             << organisation.organisation.id << " (" << organisation.organisation.name << ")";
        if (!active) out_ << "; ended " << outcome.ended_sessions.size() << " session(s)";
        out_ << ".\n";
        return;
      }
    } else if (noun == "person") {
      if (verb == "list") {
        expect_words(2);
        return list_people();
      }
      if (verb == "create") {
        expect_words(2);
        const auto role = domain::role_from(args.option("role"));
        if (!role) bad_usage("unknown role '" + args.option("role") + "'");
        const auto organisation = find_organisation(args.option("organisation"));
        const auto outcome = carry_out(domain::CreatePerson{
            args.option("name"), args.option("email"), *role, organisation.organisation.id});
        out_ << "Created person " << *outcome.person << ": " << args.option("name") << " <"
             << args.option("email") << ">, " << domain::to_string(*role) << " of "
             << organisation.organisation.name << ".\n";
        print_link(outcome);
        return;
      }
      if (verb == "invite") {
        expect_words(3);
        const auto person = find_person(words[2]);
        const auto outcome = carry_out(domain::IssueInvitation{person.id});
        out_ << "New invitation link for " << person.name << " <" << person.email
             << ">; earlier links no longer work.\n";
        print_link(outcome);
        return;
      }
      if (verb == "role") {
        expect_words(4);
        const auto person = find_person(words[2]);
        const auto role = domain::role_from(words[3]);
        if (!role) bad_usage("unknown role '" + words[3] + "'");
        carry_out(domain::ChangeRole{person.id, *role});
        out_ << person.name << " is now " << domain::to_string(*role) << " (was "
             << domain::to_string(person.role) << ").\n";
        return;
      }
      if (verb == "deactivate" || verb == "activate") {
        expect_words(3);
        const auto person = find_person(words[2]);
        const bool active = verb == "activate";
        const auto outcome = carry_out(domain::SetPersonActive{person.id, active});
        out_ << (active ? "Activated " : "Deactivated ") << person.name << " <" << person.email
             << ">";
        if (!active) {
          out_ << "; ended " << outcome.ended_sessions.size()
               << " session(s). A running server closes their connections within "
               << config_.net.session_check_ms << " ms";
        }
        out_ << ".\n";
        return;
      }
    }
    if (noun == "epoch" && verb == "renew") {
      expect_words(2);
      return renew_epoch();
    }
    bad_usage(noun.empty() ? "no command given"
                           : "unknown command `" + noun + (verb.empty() ? "" : " " + verb) + "`");
  }

 private:
  // A restored backup lacks the newest events, and new ones would take their seqs: a new epoch
  // makes clients that saw the lost history start their streams again.
  void renew_epoch() {
    const auto epoch = auth::new_session_token().substr(0, 16);
    const domain::AuditRecord audit{.at = service::now_ms(),
                                    .action = std::string(domain::audit_action::epoch_renewed),
                                    .actor = std::nullopt,
                                    .origin = {domain::Source::cli, operator_name()},
                                    .round = std::nullopt,
                                    .target_kind = "store",
                                    .target_id = std::nullopt,
                                    .details = {{"epoch", epoch}}};
    const auto renewed = store_.renew_epoch(epoch, audit);
    if (!renewed) throw Failure(renewed.error().message, 1);
    out_ << "Every stream's epoch is now " << epoch
         << ": clients holding events of the history before reload those streams.\n";
  }

  service::AccountOutcome carry_out(service::AccountCommand command) {
    const service::AccountActor actor{
        .session_hash = std::nullopt,
        .origin = {domain::Source::cli, operator_name()},
        .now = service::now_ms(),
        .invitation_lifetime_ms =
            static_cast<domain::Timestamp>(config_.invitation_seconds) * 1000};
    std::optional<service::AccountOutcome> outcome;
    const store::Work work = [&](store::WriteTransaction& tx) -> store::Appended {
      auto result = service::carry_out_account(tx, actor, command);
      if (!result) return result.error();
      outcome = std::move(result).value();
      return std::vector<domain::Event>{};
    };
    auto written = std::move(store_.write(std::span(&work, 1)).at(0));
    if (!written) throw Failure(written.error().message, 1);
    return std::move(*outcome);
  }

  void print_link(const service::AccountOutcome& outcome) {
    auto base = config_.public_url;
    if (base.empty()) base = "http://localhost:" + std::to_string(config_.net.port);
    while (!base.empty() && base.back() == '/') base.pop_back();
    out_ << "Invitation link (works once, until "
         << domain::format_timestamp(*outcome.invitation_expires_at) << "):\n  " << base
         << "/#/invitation/" << *outcome.invitation_token << "\n";
  }

  domain::OrganisationRecord find_organisation(const std::string& name_or_id) {
    const auto organisations = checked(store_.list_organisation_records());
    for (const auto& listing : organisations) {
      const auto& organisation = listing.record.organisation;
      if (std::to_string(organisation.id) == name_or_id || organisation.name == name_or_id) {
        return listing.record;
      }
    }
    throw Failure("no organisation with the id or name '" + name_or_id + "'", 1);
  }

  domain::Person find_person(const std::string& email_or_id) {
    const auto people = checked(store_.list_people(service::now_ms()));
    for (const auto& listing : people) {
      const auto& person = listing.record.person;
      if (std::to_string(person.id) == email_or_id || person.email == email_or_id) return person;
    }
    // Email addresses are compared without case, as when logging in.
    auto lower = [](std::string text) {
      std::transform(text.begin(), text.end(), text.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      return text;
    };
    for (const auto& listing : people) {
      if (lower(listing.record.person.email) == lower(email_or_id)) return listing.record.person;
    }
    throw Failure("no person with the id or email address '" + email_or_id + "'", 1);
  }

  void list_organisations() {
    std::vector<std::vector<std::string>> rows{{"ID", "NAME", "KIND", "SIDE", "PEOPLE", "STATUS"}};
    for (const auto& listing : checked(store_.list_organisation_records())) {
      const auto& organisation = listing.record.organisation;
      rows.push_back({std::to_string(organisation.id), organisation.name,
                      std::string(domain::to_string(organisation.kind)),
                      std::string(domain::to_string(domain::side_of(organisation.kind))),
                      std::to_string(listing.people),
                      listing.record.active ? "active" : "deactivated"});
    }
    print_table(out_, rows);
  }

  void list_people() {
    std::vector<std::vector<std::string>> rows{
        {"ID", "NAME", "EMAIL", "ROLE", "ORGANISATION", "STATUS"}};
    for (const auto& listing : checked(store_.list_people(service::now_ms()))) {
      const auto& record = listing.record;
      std::string status = !record.active                ? "deactivated"
                           : !record.organisation_active ? "organisation deactivated"
                           : record.has_password         ? "active"
                                                         : "no password yet";
      if (listing.invitation_expires_at) {
        status += ", link until " + domain::format_timestamp(*listing.invitation_expires_at);
      }
      rows.push_back({std::to_string(record.person.id), record.person.name, record.person.email,
                      std::string(domain::to_string(record.person.role)),
                      record.person.organisation.name, status});
    }
    print_table(out_, rows);
  }

  const Config& config_;
  store::Store& store_;
  std::ostream& out_;
};

}  // namespace

int run_admin_command(int argc, char** argv, std::ostream& out, std::ostream& err) {
  try {
    // The server's own options that matter here go to the configuration; the rest is the
    // command.
    std::vector<std::string> global{"samrad"};
    Arguments args;
    for (int i = 1; i < argc; ++i) {
      const std::string arg = argv[i];
      if (arg == "help" || arg == "--help" || arg == "-h") {
        out << usage;
        return 0;
      }
      if (!arg.starts_with("--")) {
        args.words.push_back(arg);
        continue;
      }
      if (i + 1 >= argc) bad_usage(arg + " needs a value");
      const std::string value = argv[++i];
      if (arg == "--config" || arg == "--database" || arg == "--public-url" ||
          arg == "--invitation-seconds") {
        global.push_back(arg);
        global.push_back(value);
      } else if (arg == "--name" || arg == "--email" || arg == "--role" || arg == "--kind" ||
                 arg == "--organisation") {
        if (!args.options.emplace(arg.substr(2), value).second) bad_usage(arg + " given twice");
      } else {
        bad_usage("unknown option " + arg);
      }
    }
    if (args.words.empty()) {
      out << usage;
      return 2;
    }
    std::vector<char*> pointers;
    for (auto& word : global) pointers.push_back(word.data());
    Config config;
    try {
      config = std::get<Config>(load_config(static_cast<int>(pointers.size()), pointers.data()));
    } catch (const std::runtime_error& e) {
      throw Failure(e.what(), 2);
    }
    // A mistyped path must not quietly create an empty database.
    if (config.postgres.empty() && !std::filesystem::exists(config.database_path)) {
      throw Failure("no database at " + config.database_path +
                        " (give --database or --config; the server creates it on first start)",
                    1);
    }
    const auto store = open_store(config);
    Admin(config, *store, out).run(args);
    return 0;
  } catch (const Failure& failure) {
    err << "samrad admin: " << failure.what() << "\n";
    return failure.exit_code;
  } catch (const std::exception& e) {
    err << "samrad admin: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace samrad::app
