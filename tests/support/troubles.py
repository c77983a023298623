"""What a page complained about while a journey ran: console errors, uncaught
errors and Content-Security-Policy violations."""

from __future__ import annotations

from dataclasses import dataclass, field

from playwright.sync_api import ConsoleMessage, Error, Page

CSP_WORDS = ("Content Security Policy", "Refused to")


@dataclass
class Troubles:
    """What a page complained about: console errors, uncaught errors, policy violations."""

    console: list[str] = field(default_factory=list)
    uncaught: list[str] = field(default_factory=list)

    def check(self) -> None:
        assert self.about_the_policy() == [], self.about_the_policy()
        assert self.uncaught == [], self.uncaught

    def forget_screenshot(self, page: Page) -> None:
        """Playwright's screenshots inject a style that the policy refuses; that
        refusal is not the page's. A round trip to the page delivers its report
        first, then it is forgotten (call `check` before the screenshot). The
        screenshot also leaves empty style attributes on hidden inputs, which the
        policy refuses again when htmx swaps them: reload before more htmx work."""
        page.evaluate("() => 0")
        page.wait_for_timeout(200)
        self.console.clear()

    def about_the_policy(self) -> list[str]:
        return [
            message
            for message in [*self.console, *self.uncaught]
            if any(word in message for word in CSP_WORDS)
        ]


def watch_troubles(page: Page) -> Troubles:
    troubles = Troubles()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            troubles.console.append(message.text)

    def on_page_error(error: Error) -> None:
        troubles.uncaught.append(f"{error.name}: {error.message}")

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    # The browser also reports each violation as an event; echo it to the console
    # so it is collected whatever wording the console message has.
    page.add_init_script(
        """
        document.addEventListener("securitypolicyviolation", (event) => {
          console.error("Refused to load: Content Security Policy violation of "
            + event.violatedDirective + " by " + (event.blockedURI || "inline code"));
        });
        """
    )
    return troubles
