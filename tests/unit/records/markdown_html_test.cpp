// Markdown in the HTML exports: CommonMark by libcmark in safe mode, fitted into the page.
#include "records/markdown_html.hpp"

#include <gtest/gtest.h>

using samrad::records::markdown_to_html;

TEST(MarkdownHtml, RendersCommonMark) {
  EXPECT_EQ(markdown_to_html("Förslaget är **viktigt** och *nytt*.\n"),
            "<p>Förslaget är <strong>viktigt</strong> och <em>nytt</em>.</p>\n");
  EXPECT_EQ(markdown_to_html("- ett\n- två\n"), "<ul>\n<li>ett</li>\n<li>två</li>\n</ul>\n");
  EXPECT_EQ(markdown_to_html("[SKR](https://skr.se/)"),
            "<p><a href=\"https://skr.se/\">SKR</a></p>\n");
}

TEST(MarkdownHtml, LeavesOutRawHtmlAndDangerousLinks) {
  EXPECT_EQ(markdown_to_html("<script>alert(1)</script>\n"), "<!-- raw HTML omitted -->\n");
  EXPECT_EQ(markdown_to_html("a <b onclick=\"x()\">b</b>"),
            "<p>a <!-- raw HTML omitted -->b<!-- raw HTML omitted --></p>\n");
  EXPECT_EQ(markdown_to_html("[x](javascript:alert(1))"), "<p><a href=\"\">x</a></p>\n");
  EXPECT_EQ(markdown_to_html("[x](vbscript:msgbox)"), "<p><a href=\"\">x</a></p>\n");
  EXPECT_EQ(markdown_to_html("&lt;script&gt; &#x3C;"), "<p>&lt;script&gt; &lt;</p>\n");
}

TEST(MarkdownHtml, KeepsLinksOnlyWithAnAllowedScheme) {
  EXPECT_EQ(markdown_to_html("[x](livescript:alert(1))"), "<p><a href=\"\">x</a></p>\n");
  EXPECT_EQ(markdown_to_html("<livescript:x>"), "<p><a href=\"\">livescript:x</a></p>\n");
  EXPECT_EQ(markdown_to_html("[x](ms-settings:privacy)"), "<p><a href=\"\">x</a></p>\n");
  EXPECT_EQ(markdown_to_html("![x](data:image/png;base64,AA)"), "<p><a href=\"\">x</a></p>\n");
  EXPECT_EQ(markdown_to_html("[x](HTTPS://skr.se)"), "<p><a href=\"HTTPS://skr.se\">x</a></p>\n");
  EXPECT_EQ(markdown_to_html("[x](mailto:a@b.se)"), "<p><a href=\"mailto:a@b.se\">x</a></p>\n");
  EXPECT_EQ(markdown_to_html("[x](/rounds/1)"), "<p><a href=\"/rounds/1\">x</a></p>\n");
  EXPECT_EQ(markdown_to_html("[x](a/b:c)"), "<p><a href=\"a/b:c\">x</a></p>\n");
  EXPECT_EQ(markdown_to_html("[x](java&#9;script:alert(1))"),
            "<p><a href=\"java%09script:alert(1)\">x</a></p>\n");
}

TEST(MarkdownHtml, ImagesBecomeLinksSoNothingIsFetched) {
  EXPECT_EQ(markdown_to_html("![karta](https://example.se/karta.png \"Karta\")"),
            "<p><a href=\"https://example.se/karta.png\" title=\"Karta\">karta</a></p>\n");
  EXPECT_EQ(markdown_to_html("![x](javascript:alert(1))"), "<p><a href=\"\">x</a></p>\n");
}

TEST(MarkdownHtml, HeadingsStartBelowTheSection) {
  EXPECT_EQ(markdown_to_html("# Rubrik\n## Under\n###### Djup\n"),
            "<h3>Rubrik</h3>\n<h4>Under</h4>\n<h6>Djup</h6>\n");
}
