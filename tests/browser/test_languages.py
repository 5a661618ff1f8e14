"""A family reads the offer on a phone in Arabic (right to left) and Ukrainian, in the phone's own
fonts: no language downloads a font (issue 17), so every first visit stays under 30 KB."""

from playwright.sync_api import expect

FONTS = (
    "performance.getEntriesByType('resource').map(e => e.name).filter(n => n.endsWith('.woff2'))"
)
# Bytes on the wire as a gzip-serving server sends them: the document and stylesheets gzipped
# (compressed here, in the page, with CompressionStream), the woff2 fonts as they are.
WEIGHT = """async () => {
  const size = async (url) => {
    const body = await (await fetch(url)).blob();
    if (url.endsWith('.woff2')) return body.size;
    const gz = body.stream().pipeThrough(new CompressionStream('gzip'));
    return (await new Response(gz).arrayBuffer()).byteLength;
  };
  const urls = [location.href, ...performance.getEntriesByType('resource').map(e => e.name)];
  const parts = {};
  for (const url of urls) parts[url.split('/').pop()] = await size(url);
  return {total: Object.values(parts).reduce((a, b) => a + b, 0), parts};
}"""


def open_page(page, url):
    page.goto(url)
    page.evaluate("document.fonts.ready")
    page.wait_for_load_state("networkidle")


def test_arabic_reads_right_to_left_without_a_font_download(page, live_server, screenshot):
    open_page(page, f"{live_server}/aanbod?lang=ar&wijk=4")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("أنشطة صيفية في Brugse Poort - Rooigem")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # Mirrored: the heading starts at the right edge (its first, Arabic word), its wijk to the left.
    text = page.evaluate("""() => {
      const range = document.createRange();
      const words = document.querySelector('h1').firstChild;
      range.setStart(words, 0);
      range.setEnd(words, words.data.indexOf(' '));
      const first = range.getBoundingClientRect();
      const wijk = document.querySelector('h1 bdi').getBoundingClientRect();
      return {left: first.left, right: first.right, wijk: wijk.left};
    }""")
    width = page.viewport_size["width"]
    assert width - text["right"] < 24 and text["left"] > 60 and text["wijk"] < text["left"], text
    assert page.evaluate(FONTS) == []
    # The switcher offers every language in its own name, each marked with its language.
    expect(page.locator('.languages a[hreflang="uk"][lang="uk"]')).to_have_text("Українська")
    screenshot("ar")
    weight = page.evaluate(WEIGHT)
    print("weight /aanbod?lang=ar&wijk=4:", weight)
    assert weight["total"] < 30 * 1024
    card = page.locator(".act").first
    expect(card.locator("svg.cat-icon").first).to_be_visible()
    card.get_by_role("link").first.click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")  # kept by the cookie
    screenshot("ar-activity")


def test_ukrainian_downloads_no_font(page, live_server, screenshot):
    open_page(page, f"{live_server}/aanbod?lang=uk&wijk=4")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Літні заходи в районі Brugse Poort - Rooigem"
    )
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.evaluate(FONTS) == []
    screenshot("uk")
    weight = page.evaluate(WEIGHT)
    print("weight /aanbod?lang=uk&wijk=4:", weight)
    assert weight["total"] < 30 * 1024


def test_a_dutch_page_downloads_no_font(page, live_server):
    open_page(page, f"{live_server}/aanbod?lang=nl&wijk=4")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Zomeraanbod in Brugse Poort - Rooigem")
    assert page.evaluate(FONTS) == []
    weight = page.evaluate(WEIGHT)
    print("weight /aanbod?lang=nl&wijk=4:", weight)
    assert weight["total"] < 30 * 1024
