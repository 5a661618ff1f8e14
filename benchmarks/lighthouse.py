"""Lighthouse mobile scores (performance, accessibility) on Debian's Chromium.

Beside the scores, Lighthouse's own count of what the page downloaded: `transferred_kb` is its
total-byte-weight audit (the sum of every response's transfer size, headers included, as
Chromium reported it) and `requests` the rows of its network-requests audit. Lighthouse loads
the page with an empty cache in Chromium's default language (English), which is the same
measure benchmarks/inprocess.py `page_weight` takes in Dutch.
"""

import json
import os
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
VERSION = json.loads((HERE / "package.json").read_text())["devDependencies"]["lighthouse"]
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"


NODE = HERE / ".node"  # git-ignored


def ensure_installed() -> Path:
    """Lighthouse at the version package.json pins, installed into benchmarks/.node/."""
    binary = NODE / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        subprocess.run(
            [
                "npm",
                "install",
                "--prefix",
                str(NODE),
                "--no-audit",
                "--no-fund",
                f"lighthouse@{VERSION}",
            ],
            check=True,
        )
    return binary


def score(url: str, out: Path, cookie: str | None = None) -> dict:
    args = [
        str(ensure_installed()),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        f"--chrome-flags={CHROME_FLAGS}",
        "--only-categories=performance,accessibility",
        "--form-factor=mobile",
    ]
    if cookie:
        args.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROMIUM", "/usr/bin/chromium")}
    subprocess.run(args, check=True, env=env, capture_output=True, timeout=180)
    report = json.loads(out.read_text())
    categories = report["categories"]
    audits = report["audits"]
    requests = audits["network-requests"].get("details", {}).get("items", [])
    return {
        "performance": round(categories["performance"]["score"] * 100),
        "accessibility": round(categories["accessibility"]["score"] * 100),
        "fcp_ms": round(audits["first-contentful-paint"]["numericValue"]),
        "lcp_ms": round(audits["largest-contentful-paint"]["numericValue"]),
        "transferred_kb": round(audits["total-byte-weight"]["numericValue"] / 1024, 1),
        "requests": len(requests),
        "dom_elements": audits["dom-size"].get("numericValue"),
        "failed_a11y": [
            key
            for key, audit in audits.items()
            if audit.get("score") == 0
            and key in {r["id"] for r in categories["accessibility"]["auditRefs"]}
        ],
    }
