"""Run the fake Arkesel gateway by hand: ``python -m tools.fake_sms KEY`` prints its
address; point ``BISAMA_SMS_URL`` at it and put KEY in the API key file."""

from __future__ import annotations

import sys
import time

from tools.fake_sms import FakeArkesel

if __name__ == "__main__":
    fake = FakeArkesel({sys.argv[1] if len(sys.argv) > 1 else "test-key"}).start()
    print(f"fake Arkesel SMS API v2 at {fake.url}", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        fake.stop()
