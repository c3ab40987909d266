// Static file serving for the built web client (see static_files.hpp).
#include "net/static_files.hpp"

#include <boost/url/parse.hpp>
#include <filesystem>

#include "net/content_coding.hpp"
#include "net/http_responses.hpp"

namespace samrad::net {

namespace {

std::string_view mime_type(std::string_view path) {
  const auto dot = path.rfind('.');
  const std::string_view ext = dot == std::string_view::npos ? "" : path.substr(dot);
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json" || ext == ".map") return "application/json; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

// The decoded path below the root, or nothing if it could escape it or is malformed.
std::optional<std::string> safe_relative_path(std::string_view target) {
  auto parsed = boost::urls::parse_origin_form(target);
  if (!parsed) return std::nullopt;
  std::string path;
  for (auto segment : parsed->segments()) {  // percent-decoded
    if (segment.empty() || segment == "." || segment == ".." ||
        segment.find_first_of(std::string_view("/\\\0", 3)) != std::string::npos) {
      return std::nullopt;
    }
    path += '/';
    path += segment;
  }
  return path.empty() ? "/index.html" : path;
}

// The build stores a gzip and a Brotli copy next to each compressible file
// (web-client/scripts/compress.mjs). They are encodings of that file, not resources of their
// own: asked for by name they are not found, so /assets/x.js.gz never goes out under a type it
// is not. The client has no file of its own with these endings.
bool is_precompressed_copy(std::string_view path) {
  return path.ends_with(".gz") || path.ends_with(".br");
}

AvailableCodings stored_codings(const std::string& path) {
  std::error_code ignored;
  return {.gzip = std::filesystem::is_regular_file(path + ".gz", ignored),
          .br = std::filesystem::is_regular_file(path + ".br", ignored)};
}

// Everything the client said it accepts, also when it sent the field more than once.
std::string accept_encoding(const Request& request) {
  std::string joined;
  const auto [first, last] = request.equal_range(http::field::accept_encoding);
  for (auto field = first; field != last; ++field) {
    if (!joined.empty()) joined += ',';
    joined += field->value();
  }
  return joined;
}

}  // namespace

http::message_generator serve_static(const Request& request, const std::string& root) {
  if (request.method() != http::verb::get && request.method() != http::verb::head) {
    return error_response(request, http::status::method_not_allowed, "bad_request",
                          "Method not allowed");
  }
  const auto relative = safe_relative_path(request.target());
  if (root.empty() || !relative || is_precompressed_copy(*relative)) {
    return error_response(request, http::status::not_found, "not_found", "Not found");
  }
  const std::string path = root + *relative;
  beast::error_code ec;
  http::file_body::value_type file;
  file.open(path.c_str(), beast::file_mode::scan, ec);
  if (ec) return error_response(request, http::status::not_found, "not_found", "Not found");

  const auto available = stored_codings(path);
  auto coding = choose_content_coding(accept_encoding(request), available);
  if (coding != ContentCoding::identity) {
    http::file_body::value_type encoded;
    encoded.open((path + std::string(content_coding_suffix(coding))).c_str(),
                 beast::file_mode::scan, ec);
    // Had the copy gone since it was seen, the file itself still answers.
    if (ec) {
      coding = ContentCoding::identity;
    } else {
      file = std::move(encoded);
    }
  }

  // Vite puts content-hashed files under /assets/: cache them for good; index.html never.
  const bool immutable = relative->starts_with("/assets/");
  const auto size = file.size();
  auto set_headers = [&](auto& response) {
    add_security_headers(response);
    response.set(http::field::content_type, mime_type(*relative));
    if (coding != ContentCoding::identity) {
      response.set(http::field::content_encoding, content_coding_name(coding));
    }
    // Caches must keep one answer per coding, the uncompressed one included.
    if (available.gzip || available.br) response.set(http::field::vary, "Accept-Encoding");
    response.set(http::field::cache_control,
                 immutable ? "public, max-age=31536000, immutable" : "no-cache");
    response.content_length(size);
    response.keep_alive(request.keep_alive());
  };
  if (request.method() == http::verb::head) {
    http::response<http::empty_body> response{http::status::ok, request.version()};
    set_headers(response);
    return response;
  }
  http::response<http::file_body> response{std::piecewise_construct,
                                           std::make_tuple(std::move(file)),
                                           std::make_tuple(http::status::ok, request.version())};
  set_headers(response);
  return response;
}

}  // namespace samrad::net
