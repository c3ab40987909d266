// Lookup tables for swedish_terms.hpp; the stance words are the ones remiss answers use.
#include "records/swedish_terms.hpp"

#include <array>
#include <utility>

namespace samrad::records {
namespace {

using Term = std::pair<std::string_view, std::string_view>;

template <std::size_t N>
std::optional<std::string_view> look_up(const std::array<Term, N>& table, std::string_view code) {
  for (const auto& [english, swedish] : table) {
    if (english == code) return swedish;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string_view> stance_in_swedish(std::string_view stance) {
  static constexpr std::array<Term, 5> table{{
      {"supports", "Tillstyrker"},
      {"supports_with_reservations", "Tillstyrker med förbehåll"},
      {"opposes", "Avstyrker"},
      {"abstains", "Tar inte ställning"},
      {"no_comments", "Avstår från att yttra sig"},
  }};
  return look_up(table, stance);
}

std::optional<std::string_view> organisation_kind_in_swedish(std::string_view kind) {
  static constexpr std::array<Term, 6> table{{
      {"ministry", "Departement"},
      {"agency", "Myndighet"},
      {"municipality", "Kommun"},
      {"region", "Region"},
      {"association", "Förening eller förbund"},
      {"other", "Annan"},
  }};
  return look_up(table, kind);
}

std::optional<std::string_view> public_sector_part(std::string_view kind) {
  static constexpr std::array<Term, 6> table{{
      {"ministry", "Staten"},
      {"agency", "Staten"},
      {"municipality", "Kommuner"},
      {"region", "Regioner"},
      {"association", "Övriga"},
      {"other", "Övriga"},
  }};
  return look_up(table, kind);
}

std::optional<std::string_view> response_in_swedish(std::string_view response) {
  static constexpr std::array<Term, 3> table{{
      {"accepted", "Godtas"},
      {"partly_accepted", "Godtas delvis"},
      {"not_accepted", "Godtas inte"},
  }};
  return look_up(table, response);
}

std::optional<std::string_view> agenda_status_in_swedish(std::string_view status) {
  static constexpr std::array<Term, 3> table{{
      {"accepted", "Antagen"},
      {"proposed", "Föreslagen"},
      {"declined", "Avslagen"},
  }};
  return look_up(table, status);
}

std::optional<std::string_view> side_in_swedish(std::string_view side) {
  static constexpr std::array<Term, 3> table{{
      {"state", "Staten"},
      {"municipal", "Kommunsektorn"},
      {"neutral", "Neutral"},
  }};
  return look_up(table, side);
}

std::optional<std::string_view> round_kind_in_swedish(std::string_view kind) {
  static constexpr std::array<Term, 2> table{{{"plenary", "Plenar"}, {"bilateral", "Bilateral"}}};
  return look_up(table, kind);
}

std::optional<std::string_view> sector_in_swedish(std::string_view sector) {
  static constexpr std::array<Term, 3> table{{
      {"health_care", "Hälso- och sjukvård"},
      {"school", "Skola"},
      {"social_care", "Socialtjänst och omsorg"},
  }};
  return look_up(table, sector);
}

std::string_view yes_no(bool value) {
  return value ? "ja" : "nej";
}

}  // namespace samrad::records
