"""Social platforms a statement is posted on ('said on Telegram', 'wrote on Bluesky')."""

from __future__ import annotations

# Lower-case name -> how the platform writes it. A parsed token that is one of these after a
# preposition ('posted on Instagram') says where something was said, not who said it.
PLATFORMS: dict[str, str] = {
    "telegram": "Telegram", "twitter": "Twitter", "facebook": "Facebook", "instagram": "Instagram",
    "youtube": "YouTube", "tiktok": "TikTok", "vkontakte": "VKontakte", "truth social": "Truth Social",
    "weibo": "Weibo", "threads": "Threads", "bluesky": "Bluesky", "linkedin": "LinkedIn",
    "wechat": "WeChat", "snapchat": "Snapchat", "reddit": "Reddit", "whatsapp": "WhatsApp",
    "substack": "Substack", "x": "X",
}
# The platforms a case-insensitive search of raw text may name as a claim's channel ('via'). 'X'
# is left out: in raw text it is a letter as often as a platform ('x-ray', 'Malcolm X', 'on x
# and y'), and counting it would change which claims carry a channel.
PLATFORMS_FOUND_IN_TEXT: dict[str, str] = {name: shown for name, shown in PLATFORMS.items() if name != "x"}
