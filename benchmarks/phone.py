"""What a worker feels on a slow phone: "Niet thuis" tapped → the stop's card says so.

Debian's Chromium, driven by Playwright with the iPhone 13 profile (touch), signed in as the
benchmark worker, opens today's route; DevTools' `Emulation.setCPUThrottlingRate` then slows the
page's CPU 4× (what Lighthouse takes for a mid-range phone). For each of the first open stops
the script taps "Niet thuis" with a real touch (Playwright's tap: touchstart, touchend, click)
and the page itself measures, on its own clock, from the touch's `pointerdown` event timestamp

- `dom_ms`: until the stop's status line says "Niet thuis" (the field client keeps the visit on
  the phone first, then marks the card), and
- `frame_ms`: until the frame after that change (a requestAnimationFrame callback, then a task:
  the change has been painted by then);
- `submit_ms`: until the form's submit event, which the field client takes over (the rest is
  the client's own work: keeping the visit in IndexedDB, then marking the stops).

Between taps the page is left alone until the visit has been sent (the network is idle), so one
tap's upload does not slow the next. The app is served from a thread of this process, as in
benchmarks/inprocess.py; the throttling slows the phone's page, not the server.
"""

import threading

from benchmarks.inprocess import PHONE, chromium, serving
from benchmarks.targets import PASSWORD, WORKER

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]
SLOWDOWN = 4

WATCH = """([stopId, label]) => {
  window.__tap = new Promise((resolve) => {
    const li = document.getElementById('stop-' + stopId);
    const status = () => document.querySelector('#stop-' + stopId + ' .stop-status');
    const before = status().textContent;
    let start = null, submit = null;
    document.addEventListener('pointerdown', (e) => { start = e.timeStamp; },
                              {capture: true, once: true});
    document.addEventListener('submit', () => { submit = performance.now(); },
                              {capture: true, once: true});
    const seen = () => {
      const now = status();
      return now && now.textContent !== before && now.textContent.includes(label)
        && now.classList.contains('status-not_home');
    };
    const observer = new MutationObserver(() => {
      if (!seen()) return;
      const dom = performance.now();
      observer.disconnect();
      requestAnimationFrame(() => setTimeout(() => resolve(
        {submit_ms: submit - start, dom_ms: dom - start, frame_ms: performance.now() - start})));
    });
    observer.observe(li.parentNode, {subtree: true, childList: true, characterData: true,
                                     attributes: true});
    setTimeout(() => resolve({error: 'the card did not change within 10 s'}), 10000);
  });
}"""


def tap_to_card(app, context: dict, taps: int = 8, slowdown: int = SLOWDOWN) -> dict:
    binary = chromium()
    if binary is None:
        return {"error": "Chromium not found (set CHROMIUM or install Debian's chromium)"}
    outcome: dict = {}

    def measure():  # Playwright's sync API wants a thread without an asyncio loop
        try:
            outcome["result"] = _measure(app, context, binary, taps, slowdown)
        except Exception as error:  # noqa: BLE001 - reported in the result, not fatal
            outcome["result"] = {"error": f"{type(error).__name__}: {error}"[:300]}

    thread = threading.Thread(target=measure, name="tap-to-card")
    thread.start()
    thread.join()
    return outcome["result"]


def _measure(app, context: dict, binary: str, taps: int, slowdown: int) -> dict:
    from playwright.sync_api import sync_playwright

    with serving(app) as base, sync_playwright() as playwright:
        phone = dict(playwright.devices[PHONE])
        phone.pop("default_browser_type", None)
        browser = playwright.chromium.launch(executable_path=binary, args=ARGS)
        try:
            browser_context = browser.new_context(**phone, locale="nl-BE")
            answer = browser_context.request.post(
                base + "/login", form={"email": WORKER, "password": PASSWORD}, max_redirects=0
            )
            if answer.status != 302:
                raise RuntimeError(f"sign-in failed: {answer.status}")
            page = browser_context.new_page()
            page.goto(f"{base}/routes/{context['route_id']}")
            page.wait_for_load_state("networkidle")
            label = page.locator("li.stop button[value='not_home']").first.inner_text().strip()
            stops = page.eval_on_selector_all(
                "li.stop:has(button[value='not_home'])",
                "items => items.map(li => li.id.slice('stop-'.length))",
            )[:taps]
            devtools = browser_context.new_cdp_session(page)
            devtools.send("Emulation.setCPUThrottlingRate", {"rate": slowdown})
            rows = []
            for stop_id in stops:
                page.evaluate(WATCH, [stop_id, label])
                page.locator(f"#stop-{stop_id} button[value='not_home']").tap()
                rows.append(page.evaluate("window.__tap"))
                page.wait_for_load_state("networkidle")
            version = browser.version
        finally:
            browser.close()
    good = [r for r in rows if "error" not in r]
    result = {
        "method": f"Chromium {version}, {PHONE} profile, CPU {slowdown}× slower "
        "(Emulation.setCPUThrottlingRate)",
        "taps": len(rows),
        "errors": [r["error"] for r in rows if "error" in r],
        "submit_ms": [round(r["submit_ms"], 1) for r in good],
        "dom_ms": [round(r["dom_ms"], 1) for r in good],
        "frame_ms": [round(r["frame_ms"], 1) for r in good],
        "label": label,
    }
    if good:
        frames = sorted(result["frame_ms"])
        result["frame_p50_ms"] = frames[len(frames) // 2]
        result["frame_max_ms"] = frames[-1]
        result["dom_max_ms"] = max(result["dom_ms"])
    return result
