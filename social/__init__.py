"""The council's Facebook Page through the Meta Graph API: comments and messages in, moderation applied
on the Page, replies and council posts out (P1, P3, P4, P6, P7, P8).

It sits above comms and moderation (like website): it reads and writes through their services, and
moderation reaches it only through the small registry in moderation.social_page.
"""
