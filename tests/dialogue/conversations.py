"""Conversations the dialogue tests replay: who says what, turn by turn (Whisper-like text)."""

from __future__ import annotations

APPOINTMENT_OK = [
    ("A", "I'd like to talk about our evenings. Is now a good time?"),
    ("B", "Yes, now is fine."),
]
ROUND_1 = [
    ("A", "When you come home late I feel lonely and I worry about you."),
    ("B", "If I got it, you feel lonely and you worry when I come home late. Did I get that?"),
    ("A", "Not quite."),  # partly, nothing added: asked what was missed
    ("A", "I also said I worry about you."),
    ("B", "You also worry about me. Did I get that?"),
    ("A", "Yes."),
    ("A", "Yes, there is."),  # more, nothing added: "Go ahead"
    ("A", "I miss our dinners together, we used to talk every night."),
    ("B", "You miss our dinners together when we used to talk every night. Did I get that?"),
    ("A", "No, I said we used to talk every night at dinner and now we just watch TV."),
    ("B", "You said we used to talk every night at dinner and now we just watch TV. Did I get that?"),
    ("A", "Yeah."),
    ("A", "Also, I feel tired when we don't talk at dinner."),  # more, and the next piece itself
    ("B", "You feel tired when we don't talk at dinner."),  # did not ask: the facilitator asks
    ("A", "Mm-hmm."),
    ("A", "No, that's it."),
    ("B", "Let me see if I got all of that. You feel lonely and worry when I come home late, you "
          "miss our dinners and talking every night instead of TV, and you feel tired when we don't "
          "talk at dinner. Did I get it all?"),
    ("A", "Yes, you got it."),
    ("B", "You make sense to me, because you wait for me and don't know when I'll be back."),
    ("B", "I imagine you might be feeling lonely and scared. Is that what you feel?"),
    ("A", "Mostly, I feel sad more than scared."),  # partly, with the correction in it
    ("B", "You feel sad more than scared."),
    ("A", "Yes."),
]  # fmt: skip
ROUND_2 = [
    ("B", "When I come home late I feel guilty and rushed."),
    ("A", "If I got it, you feel guilty and rushed when you come home late. Did I get that?"),
    ("B", "Yes."),
    ("B", "That's all."),
    ("A", "Let me see if I got all of that. You feel guilty and rushed when you come home late. "
          "Did I get it all?"),
    ("B", "Yes."),
    ("A", "You make sense to me, because work keeps you late and you want to be home."),
    ("A", "I imagine you might be feeling guilty and tired. Is that what you feel?"),
    ("B", "Yes, exactly."),
]  # fmt: skip
CLOSE = [  # the Sender of the last round goes first
    ("B", "One thing I appreciate about you is that you listen to me."),
    ("A", "One thing I appreciate about you is your patience."),
]
ROUND_STEPS = ["send", "summary", "validation", "empathy"]

APPRECIATION_ROUND = [
    ("{s}", "One thing I appreciate about you is how you make me coffee every morning."),
    ("{r}", "If I got it, you appreciate that I make you coffee every morning. Did I get that?"),
    ("{s}", "Yes."),
    ("{s}", "The reason it matters to me is that it makes mornings easier."),
    ("{r}", "It matters to you because it makes mornings easier. Did I get that?"),
    ("{s}", "Kind of, I said it makes the whole morning calmer and easier."),
    ("{r}", "It makes the whole morning calmer and easier. Did I get that?"),
    ("{s}", "Yes."),
    ("{s}", "How it makes me feel is cared for and loved."),
    ("{r}", "It makes you feel cared for and loved. Did I get that?"),
    ("{s}", "Yeah."),
]


def roles(turns: list[tuple[str, str]], sender: str) -> list[tuple[str, str]]:
    receiver = "B" if sender == "A" else "A"
    return [(who.format(s=sender, r=receiver), text) for who, text in turns]


REQUEST = [
    ("{s}", "It would help me if you sent a quick text when you're running late."),
    ("{r}", "You'd like me to send a quick text when I'm running late. Did I get that?"),
    ("{s}", "Yes."),
]
BEHAVIOR_CHANGE = [
    ("A", "I'd like to talk about being late. Is now a good time?"),
    ("B", "Sure."),
    ("A", "When you are late and don't text, I feel anxious and alone."),
    ("B", "When I'm late and don't text, you feel anxious and alone. Did I get that?"),
    ("A", "Yes."),
    ("A", "No, that's all."),
    ("B", "Let me see if I got all of that. When I'm late and don't text you feel anxious and "
          "alone. Did I get it all?"),
    ("A", "Yes."),
    ("A", "What I would like is to know when you will be home."),
    ("B", "You would like to know when I will be home. Did I get that?"),
    ("A", "Yes."),
    ("A", "It would help me if you sent a quick text when you're running late."),
    ("B", "You'd like me to send a quick text when I'm running late. Did I get that?"),
    ("A", "Yes."),
    ("A", "Yes."),
    ("A", "It would help me if you called when you leave work."),
    ("B", "You'd like me to call when I leave work. Did I get that?"),
    ("A", "Yes."),
    ("A", "Yes, one more thing."),
    ("A", "It would help me if on Fridays you came home by six."),
    ("B", "On Fridays you'd like me home by six. Did I get that?"),
    ("A", "Yes."),  # the third request: no "another request?" after it
    ("B", "I'd like to give you a quick text when I'm running late, as a gift."),
    ("A", "Thank you. One thing I appreciate about you is that you listen."),
    ("B", "One thing I appreciate about you is your honesty."),
]  # fmt: skip

# Places in the Intentional Dialogue to test commands and floor rules at: the turns that lead there,
# the step, whose turn is awaited and the prompt that asked for it.
POSITIONS = {
    "appointment": ([], "appointment", "A", "appointment.invite"),
    "send": (APPOINTMENT_OK, "send", "A", "send.invite"),
    "mirror": (APPOINTMENT_OK + ROUND_1[:1], "send", "B", "send.mirror"),
    "confirm": (APPOINTMENT_OK + ROUND_1[:5], "send", "A", "send.remirror"),
    "summary": (APPOINTMENT_OK + ROUND_1[:16], "summary", "B", "summary.invite"),
    "validation": (APPOINTMENT_OK + ROUND_1[:18], "validation", "B", "validation.invite"),
    "close": (APPOINTMENT_OK + ROUND_1 + ROUND_2, "close", "B", "close.first"),
}
