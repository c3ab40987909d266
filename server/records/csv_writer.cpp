// Formatting rules of csv_writer.hpp. CSV injection follows OWASP's "CSV Injection" guidance
// (CWE-1236): a text cell that begins with '=', '+', '-', '@', TAB (0x09) or CR (0x0D) gets a
// single quote in front, and such a cell is always written quoted, so no spreadsheet reads it as
// a formula. Numbers the exporter computed are not user text and are written as they are.
#include "records/csv_writer.hpp"

#include <charconv>
#include <system_error>
#include <utility>

namespace samrad::records {
namespace {

constexpr std::string_view byte_order_mark = "\xEF\xBB\xBF";

bool starts_like_formula(std::string_view text) {
  if (text.empty()) return false;
  switch (text.front()) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
      return true;
    default:
      return false;
  }
}

bool needs_quotes(std::string_view text) {
  return text.find_first_of(";\"\r\n") != std::string_view::npos;
}

std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string format_text(std::string_view text) {
  if (starts_like_formula(text)) return quoted("'" + std::string(text));
  return needs_quotes(text) ? quoted(text) : std::string(text);
}

// Shortest exact decimal form, no exponent; a fraction gets the Swedish decimal comma.
std::string format_double(double number) {
  char buffer[400];
  const auto [end, error] =
      std::to_chars(buffer, buffer + sizeof buffer, number, std::chars_format::fixed);
  std::string out = error == std::errc{} ? std::string(buffer, end) : std::string("0");
  for (char& c : out) {
    if (c == '.') c = ',';
  }
  return out;
}

}  // namespace

std::string format_csv_field(const CsvCell& cell) {
  const auto& value = cell.value();
  if (const auto* text = std::get_if<std::string>(&value)) return format_text(*text);
  if (const auto* integer = std::get_if<std::int64_t>(&value)) return std::to_string(*integer);
  return format_double(std::get<double>(value));
}

CsvWriter::CsvWriter(TextSink sink) : sink_(std::move(sink)) {}

void CsvWriter::write_row(std::initializer_list<CsvCell> cells) {
  row_.clear();
  if (!wrote_bom_) {
    row_ += byte_order_mark;
    wrote_bom_ = true;
  }
  bool first = true;
  for (const auto& cell : cells) {
    if (!first) row_ += ';';
    first = false;
    row_ += format_csv_field(cell);
  }
  row_ += "\r\n";
  sink_(row_);
  row_.clear();
}

}  // namespace samrad::records
