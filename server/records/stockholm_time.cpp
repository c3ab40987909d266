// Written by hand because GCC 12's libstdc++ has no std::chrono time zone database
// (std::chrono::locate_zone arrived in GCC 14). Sweden follows the EU rule in force since 1996:
// CET (UTC+1), and CEST (UTC+2) from 01:00 UTC on the last Sunday of March to 01:00 UTC on the
// last Sunday of October. Records are from 2026 on, so no older rule is needed.
#include "records/stockholm_time.hpp"

#include <charconv>
#include <chrono>
#include <cstdio>

namespace samrad::records {
namespace {

using namespace std::chrono;

std::optional<int> digits(std::string_view text, std::size_t at, std::size_t count) {
  int value = 0;
  const char* first = text.data() + at;
  const auto [end, error] = std::from_chars(first, first + count, value);
  if (error != std::errc{} || end != first + count) return std::nullopt;
  return value;
}

// 01:00 UTC on the last Sunday of the month.
sys_seconds last_sunday_one_utc(year y, month m) {
  const sys_days day{year_month_weekday_last{y, m, weekday_last{Sunday}}};
  return day + hours{1};
}

}  // namespace

std::optional<std::string> format_stockholm_time(std::string_view text) {
  // YYYY-MM-DDTHH:MM:SS.mmmZ
  if (text.size() != 24 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
      text[16] != ':' || text[19] != '.' || text[23] != 'Z') {
    return std::nullopt;
  }
  const auto y = digits(text, 0, 4), mo = digits(text, 5, 2), d = digits(text, 8, 2),
             h = digits(text, 11, 2), mi = digits(text, 14, 2), s = digits(text, 17, 2),
             ms = digits(text, 20, 3);
  if (!y || !mo || !d || !h || !mi || !s || !ms || *h > 23 || *mi > 59 || *s > 59) {
    return std::nullopt;
  }
  const year_month_day date{year{*y}, month{static_cast<unsigned>(*mo)},
                            day{static_cast<unsigned>(*d)}};
  if (!date.ok()) return std::nullopt;
  const sys_seconds utc = sys_days{date} + hours{*h} + minutes{*mi} + seconds{*s};
  const bool summer = utc >= last_sunday_one_utc(date.year(), March) &&
                      utc < last_sunday_one_utc(date.year(), October);
  const auto local = utc + hours{summer ? 2 : 1};
  const auto local_day = floor<days>(local);
  const year_month_day local_date{local_day};
  const hh_mm_ss clock{local - local_day};
  char out[32];
  std::snprintf(out, sizeof out, "%04d-%02u-%02u %02d:%02d", static_cast<int>(local_date.year()),
                static_cast<unsigned>(local_date.month()), static_cast<unsigned>(local_date.day()),
                static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()));
  return std::string(out);
}

}  // namespace samrad::records
