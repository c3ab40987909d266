// CSV for Swedish spreadsheets (Excel, LibreOffice with a Swedish locale): UTF-8 with a byte
// order mark so the encoding is detected, ';' between fields because ',' is the decimal mark,
// CRLF line ends, and cells that a spreadsheet would run as a formula neutralised (CWE-1236).
// Rows go to the sink one at a time, so an export of any length needs memory for one row only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <variant>

#include "records/text_sink.hpp"

namespace samrad::records {

// One cell: text as the user wrote it, or a number the exporter computed.
class CsvCell {
 public:
  CsvCell(std::string_view text) : value_(std::string(text)) {}
  CsvCell(const char* text) : value_(std::string(text)) {}
  CsvCell(const std::string& text) : value_(text) {}
  CsvCell(std::int64_t number) : value_(number) {}
  CsvCell(int number) : value_(static_cast<std::int64_t>(number)) {}
  CsvCell(double number) : value_(number) {}

  const std::variant<std::string, std::int64_t, double>& value() const { return value_; }

 private:
  std::variant<std::string, std::int64_t, double> value_;
};

class CsvWriter {
 public:
  explicit CsvWriter(TextSink sink);

  // Formats the row and hands it to the sink in one call; the first row is preceded by the BOM.
  void write_row(std::initializer_list<CsvCell> cells);

  // Bytes held between calls: always 0 after write_row returns (the row buffer is reused).
  std::size_t buffered_bytes() const { return row_.size(); }

 private:
  TextSink sink_;
  std::string row_;
  bool wrote_bom_ = false;
};

// One field as write_row writes it (without separator or line end); exposed for tests.
std::string format_csv_field(const CsvCell& cell);

}  // namespace samrad::records
