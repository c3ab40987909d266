// Choosing the content coding of a response from the request's Accept-Encoding (RFC 9110
// §12.5.3), for static files stored precompressed. Pure: no I/O, no Beast.
#pragma once

#include <string_view>

namespace samrad::net {

enum class ContentCoding { identity, gzip, br };

// Which precompressed variants of a file exist besides the file itself.
struct AvailableCodings {
  bool gzip = false;
  bool br = false;
};

// The coding to send: the available one the client weighs highest, Brotli before gzip at equal
// weight, and a coding before identity at equal weight (it is the same content, smaller).
// Codings and parameters are case-insensitive, `x-gzip` is gzip, `*` weighs every coding not
// listed, `q=0` refuses, an element with a malformed weight is ignored. Without the header
// (`accept_encoding` empty) the answer is identity. When the client refuses everything the
// server has, the answer is identity too: RFC 9110 lets the server disregard the field then, and
// an uncompressed file is more useful than an error page.
ContentCoding choose_content_coding(std::string_view accept_encoding, AvailableCodings available);

// The Content-Encoding value of a coding, and the file name suffix of its stored variant; both
// empty for identity.
std::string_view content_coding_name(ContentCoding coding);
std::string_view content_coding_suffix(ContentCoding coding);

}  // namespace samrad::net
