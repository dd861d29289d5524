"""Cross-app suites (browser, system) and the helpers every suite shares."""
