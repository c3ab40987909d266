// Accept-Encoding negotiation for precompressed static files (net/content_coding.hpp).
#include "net/content_coding.hpp"

#include <gtest/gtest.h>

namespace samrad::net {
namespace {

constexpr AvailableCodings both{.gzip = true, .br = true};
constexpr AvailableCodings gzip_only{.gzip = true, .br = false};
constexpr AvailableCodings br_only{.gzip = false, .br = true};
constexpr AvailableCodings none{};

ContentCoding choose(std::string_view header, AvailableCodings available = both) {
  return choose_content_coding(header, available);
}

TEST(ContentCoding, NoHeaderOrAnEmptyOneMeansIdentity) {
  EXPECT_EQ(choose(""), ContentCoding::identity);
  EXPECT_EQ(choose("  "), ContentCoding::identity);
  EXPECT_EQ(choose(" , ,"), ContentCoding::identity);
}

TEST(ContentCoding, ASingleCodingIsChosenWhenStored) {
  EXPECT_EQ(choose("br"), ContentCoding::br);
  EXPECT_EQ(choose("gzip"), ContentCoding::gzip);
  EXPECT_EQ(choose("br", gzip_only), ContentCoding::identity);
  EXPECT_EQ(choose("gzip", br_only), ContentCoding::identity);
  EXPECT_EQ(choose("gzip, br", none), ContentCoding::identity);
}

TEST(ContentCoding, BrotliWinsATieWithGzipWhateverTheOrder) {
  EXPECT_EQ(choose("gzip, deflate, br"), ContentCoding::br);  // what browsers send
  EXPECT_EQ(choose("br, gzip"), ContentCoding::br);
  EXPECT_EQ(choose("gzip;q=0.8, br;q=0.8"), ContentCoding::br);
  EXPECT_EQ(choose("gzip, br", gzip_only), ContentCoding::gzip);
}

TEST(ContentCoding, TheHigherWeightWins) {
  EXPECT_EQ(choose("br;q=0.5, gzip"), ContentCoding::gzip);
  EXPECT_EQ(choose("br;q=0.001, gzip;q=0"), ContentCoding::br);
  EXPECT_EQ(choose("gzip;q=1.0, br;q=0.999"), ContentCoding::gzip);
}

TEST(ContentCoding, WeightZeroRefuses) {
  EXPECT_EQ(choose("br;q=0, gzip"), ContentCoding::gzip);
  EXPECT_EQ(choose("gzip;q=0, br;q=0"), ContentCoding::identity);
  EXPECT_EQ(choose("br;q=0.000"), ContentCoding::identity);
}

TEST(ContentCoding, CodingsAndParametersIgnoreCaseAndWhitespace) {
  EXPECT_EQ(choose("BR"), ContentCoding::br);
  EXPECT_EQ(choose("GZip ; Q=0.5 ,\tBr ;q=0"), ContentCoding::gzip);
  EXPECT_EQ(choose("x-gzip", gzip_only), ContentCoding::gzip);
}

TEST(ContentCoding, TheWildcardWeighsEveryCodingNotListed) {
  EXPECT_EQ(choose("*"), ContentCoding::br);
  EXPECT_EQ(choose("*", gzip_only), ContentCoding::gzip);
  EXPECT_EQ(choose("br;q=0, *"), ContentCoding::gzip);
  EXPECT_EQ(choose("*;q=0, gzip"), ContentCoding::gzip);
  // `*;q=0` also refuses identity; with nothing else acceptable the file goes out uncompressed.
  EXPECT_EQ(choose("*;q=0"), ContentCoding::identity);
}

TEST(ContentCoding, IdentityWinsOnlyWhenWeighedHigher) {
  EXPECT_EQ(choose("identity, gzip;q=0.5"), ContentCoding::identity);
  EXPECT_EQ(choose("identity;q=0.5, gzip;q=0.5"), ContentCoding::gzip);
  EXPECT_EQ(choose("gzip;q=0.1"), ContentCoding::gzip);  // identity unlisted: no weight
  EXPECT_EQ(choose("*;q=0.9, br;q=0.5, gzip;q=0.5"), ContentCoding::identity);
  EXPECT_EQ(choose("*;q=0.9, br;q=0.5"), ContentCoding::gzip);  // gzip weighs 0.9 as well
}

TEST(ContentCoding, UnknownCodingsAreIgnored) {
  EXPECT_EQ(choose("deflate, zstd"), ContentCoding::identity);
  EXPECT_EQ(choose("compress, gzip;q=0.2"), ContentCoding::gzip);
}

TEST(ContentCoding, AnElementWithAMalformedWeightIsIgnored) {
  for (const auto* weight : {"q=", "q=2", "q=1.5", "q=0.0001", "q=.5", "q=0,5", "q=abc", "q"}) {
    EXPECT_EQ(choose(std::string("br;") + weight + ", gzip;q=0.1"), ContentCoding::gzip) << weight;
  }
  EXPECT_EQ(choose("br;q=1.000"), ContentCoding::br);
  EXPECT_EQ(choose("br;level=9;q=0.5"), ContentCoding::br);  // other parameters are skipped
}

TEST(ContentCoding, ACodingListedTwiceKeepsItsFirstWeight) {
  EXPECT_EQ(choose("br;q=0, br"), ContentCoding::identity);
}

TEST(ContentCoding, NamesAndSuffixes) {
  EXPECT_EQ(content_coding_name(ContentCoding::br), "br");
  EXPECT_EQ(content_coding_name(ContentCoding::gzip), "gzip");
  EXPECT_EQ(content_coding_name(ContentCoding::identity), "");
  EXPECT_EQ(content_coding_suffix(ContentCoding::br), ".br");
  EXPECT_EQ(content_coding_suffix(ContentCoding::gzip), ".gz");
  EXPECT_EQ(content_coding_suffix(ContentCoding::identity), "");
}

}  // namespace
}  // namespace samrad::net
