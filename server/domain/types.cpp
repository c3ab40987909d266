// The consultation vocabulary's wire spellings, the side each organisation kind speaks for, and
// the one timestamp format used everywhere (protocol, records, exports).
#include "domain/types.hpp"

#include <array>
#include <chrono>
#include <cstdio>

namespace samrad::domain {
namespace {

// Each enum's spellings, indexed by the enumerator's value: one table serves both directions.
constexpr std::array<std::string_view, 6> organisation_kind_names = {
    "ministry", "agency", "municipality", "region", "association", "other"};
constexpr std::array<std::string_view, 3> side_names = {"state", "municipal", "neutral"};
constexpr std::array<std::string_view, 4> role_names = {"admin", "secretariat", "representative",
                                                        "observer"};
constexpr std::array<std::string_view, 4> phase_names = {"draft", "open", "closed", "decided"};
constexpr std::array<std::string_view, 2> round_kind_names = {"plenary", "bilateral"};
constexpr std::array<std::string_view, 3> sector_names = {"health_care", "school", "social_care"};
constexpr std::array<std::string_view, 3> agenda_status_names = {"accepted", "proposed",
                                                                 "declined"};
constexpr std::array<std::string_view, 5> stance_names = {"supports", "supports_with_reservations",
                                                          "opposes", "abstains", "no_comments"};
constexpr std::array<std::string_view, 3> acceptance_names = {"accepted", "partly_accepted",
                                                              "not_accepted"};
constexpr std::array<std::string_view, 4> stream_kind_names = {
    "main", "state_preparation", "municipal_preparation", "moderation"};

template <class Enum, std::size_t N>
std::optional<Enum> from_names(const std::array<std::string_view, N>& names,
                               std::string_view text) noexcept {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == text) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

}  // namespace

Side side_of(OrganisationKind kind) noexcept {
  switch (kind) {
    case OrganisationKind::ministry:
    case OrganisationKind::agency:
      return Side::state;
    case OrganisationKind::municipality:
    case OrganisationKind::region:
    case OrganisationKind::association:
      return Side::municipal;
    case OrganisationKind::other:
      return Side::neutral;
  }
  return Side::neutral;
}

std::string_view to_string(OrganisationKind kind) noexcept {
  return organisation_kind_names.at(static_cast<std::size_t>(kind));
}
std::string_view to_string(Side side) noexcept {
  return side_names.at(static_cast<std::size_t>(side));
}
std::string_view to_string(Role role) noexcept {
  return role_names.at(static_cast<std::size_t>(role));
}
std::string_view to_string(Phase phase) noexcept {
  return phase_names.at(static_cast<std::size_t>(phase));
}

std::string_view to_string(StreamKind kind) noexcept {
  return stream_kind_names.at(static_cast<std::size_t>(kind));
}

std::string_view to_string(RoundKind kind) noexcept {
  return round_kind_names.at(static_cast<std::size_t>(kind));
}
std::string_view to_string(Sector sector) noexcept {
  return sector_names.at(static_cast<std::size_t>(sector));
}

std::string_view to_string(AgendaStatus status) noexcept {
  return agenda_status_names.at(static_cast<std::size_t>(status));
}

std::string_view to_string(Stance stance) noexcept {
  return stance_names.at(static_cast<std::size_t>(stance));
}

std::string_view to_string(Acceptance acceptance) noexcept {
  return acceptance_names.at(static_cast<std::size_t>(acceptance));
}

std::optional<OrganisationKind> organisation_kind_from(std::string_view text) noexcept {
  return from_names<OrganisationKind>(organisation_kind_names, text);
}
std::optional<Role> role_from(std::string_view text) noexcept {
  return from_names<Role>(role_names, text);
}
std::optional<Phase> phase_from(std::string_view text) noexcept {
  return from_names<Phase>(phase_names, text);
}

std::optional<StreamKind> stream_kind_from(std::string_view text) noexcept {
  return from_names<StreamKind>(stream_kind_names, text);
}

std::optional<RoundKind> round_kind_from(std::string_view text) noexcept {
  return from_names<RoundKind>(round_kind_names, text);
}
std::optional<Sector> sector_from(std::string_view text) noexcept {
  return from_names<Sector>(sector_names, text);
}

std::optional<AgendaStatus> agenda_status_from(std::string_view text) noexcept {
  return from_names<AgendaStatus>(agenda_status_names, text);
}

std::optional<Stance> stance_from(std::string_view text) noexcept {
  return from_names<Stance>(stance_names, text);
}

std::optional<Acceptance> acceptance_from(std::string_view text) noexcept {
  return from_names<Acceptance>(acceptance_names, text);
}

std::optional<Side> side_from(std::string_view text) noexcept {
  return from_names<Side>(side_names, text);
}

std::optional<Side> preparing_side(StreamKind kind) noexcept {
  switch (kind) {
    case StreamKind::main:
    case StreamKind::moderation:
      return std::nullopt;
    case StreamKind::state_preparation:
      return Side::state;
    case StreamKind::municipal_preparation:
      return Side::municipal;
  }
  return std::nullopt;
}

std::string format_timestamp(Timestamp ms) {
  using namespace std::chrono;
  // floor, not truncation, so that times before 1970 still get milliseconds in 0..999.
  const sys_time<milliseconds> time{milliseconds{ms}};
  const auto day = floor<days>(time);
  const year_month_day date{day};
  const hh_mm_ss clock{time - day};
  char text[32];
  std::snprintf(
      text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(date.year()),
      static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
      static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
      static_cast<int>(clock.seconds().count()), static_cast<int>(clock.subseconds().count()));
  return text;
}

std::optional<Timestamp> parse_timestamp(std::string_view text) noexcept {
  // YYYY-MM-DDTHH:MM:SS, then optionally .fff, then Z: 20 or 24 characters.
  if (text.size() != 20 && text.size() != 24) return std::nullopt;
  const auto digits = [&](std::size_t at, std::size_t count) -> std::optional<int> {
    int value = 0;
    for (std::size_t i = at; i < at + count; ++i) {
      if (text[i] < '0' || text[i] > '9') return std::nullopt;
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  const auto separators_ok = text[4] == '-' && text[7] == '-' && text[10] == 'T' &&
                             text[13] == ':' && text[16] == ':' && text.back() == 'Z' &&
                             (text.size() == 20 || text[19] == '.');
  const auto year = digits(0, 4), month = digits(5, 2), day = digits(8, 2);
  const auto hour = digits(11, 2), minute = digits(14, 2), second = digits(17, 2);
  const auto millis = text.size() == 24 ? digits(20, 3) : std::optional<int>(0);
  if (!separators_ok || !year || !month || !day || !hour || !minute || !second || !millis) {
    return std::nullopt;
  }
  using namespace std::chrono;
  const year_month_day date{std::chrono::year(*year),
                            std::chrono::month(static_cast<unsigned>(*month)),
                            std::chrono::day(static_cast<unsigned>(*day))};
  if (!date.ok() || *hour > 23 || *minute > 59 || *second > 59) return std::nullopt;
  const auto time =
      sys_days(date) + hours(*hour) + minutes(*minute) + seconds(*second) + milliseconds(*millis);
  return duration_cast<milliseconds>(time.time_since_epoch()).count();
}

}  // namespace samrad::domain
