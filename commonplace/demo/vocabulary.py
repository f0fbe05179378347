"""The words of the demo's conversations, written for Commonplace.

Titles and paragraphs are templates with slots: {topic} (a topic of the
thread), {other} (a second topic of the community), {thing} (something
people work on), {number} and {weeks}. Each paragraph is a whole Markdown
block, so a body is paragraphs joined by blank lines and its HTML is the
HTML of each paragraph joined (the generator renders each distinct
paragraph once). No paragraph starts with a list marker that could
continue the list of the paragraph before.
"""

THINGS = (
    "the quarterly plan",
    "the onboarding checklist",
    "the release process",
    "our weekly review",
    "the customer handover",
    "the supplier contract",
    "the budget forecast",
    "the incident review",
    "the team retrospective",
    "the training schedule",
    "the audit findings",
    "the new dashboard",
    "the pilot with two sites",
    "the hiring plan",
    "the migration project",
    "the pricing proposal",
    "the service desk queue",
    "the style guide",
    "the risk register",
    "the roadmap for next year",
    "the shift hand-over notes",
    "the monthly report",
    "the vendor evaluation",
    "the regional rollout",
)

QUESTION_TITLES = (
    "How do we handle {topic} in {thing}?",
    "What is our current practice for {topic}?",
    "Has anyone used {topic} on {thing}?",
    "Where do I start with {topic}?",
    "How do you measure progress on {topic}?",
    "Who owns {topic} for {thing}?",
    "Is there a template for {topic}?",
    "{topic} or {other}: which one for {thing}?",
    "Why does {topic} keep slowing down {thing}?",
    "What should a newcomer read about {topic}?",
    "How much time should {topic} take each week?",
    "Any lessons from combining {topic} with {other}?",
    "How do we explain {topic} to people outside the team?",
    "What went wrong the last time we tried {topic}?",
    "Which tools do you use for {topic}?",
)
DISCUSSION_TITLES = (
    "Let's agree on how we do {topic}",
    "Ideas for improving {thing}",
    "What {topic} looks like in other teams",
    "Our {topic} guidelines need a refresh",
    "Sharing notes from the {topic} workshop",
    "Should {thing} include {topic}?",
    "A proposal: fewer meetings about {thing}",
    "{topic} and {other}: where do they overlap?",
    "What would you change about {thing}?",
    "Reading group: {topic}",
)
ARTICLE_TITLES = (
    "A practical guide to {topic}",
    "What we learned from {number} months of {topic}",
    "How {thing} changed after we adopted {topic}",
    "{topic} for beginners: the short version",
    "Five mistakes we made with {topic}",
    "Our playbook for {thing}",
)
ARTICLE_SUMMARIES = (
    "The steps we follow for {topic}, and why each one is there.",
    "What worked, what did not, and what we would do differently.",
    "A short read for anyone picking up {topic} for the first time.",
)

QUESTION_OPENINGS = (
    "I am picking up work on **{topic}** for {thing} and would rather not "
    "reinvent what this community already knows.",
    "We are deciding whether to rely on {topic} next quarter, and I would like "
    "to hear from anyone who tried it here.",
    "Our team keeps saying we are getting better at {topic}, but we have no "
    "number to show for it.",
    "I tried the obvious approach to {topic} last week and it did not hold up "
    "once {thing} got busier.",
    "A colleague asked me about {topic} and I realised I could not explain our "
    "way of doing it.",
    "Quick one: {thing} is due in {weeks} weeks and {topic} is the part I am "
    "least sure about.",
)
QUESTION_DETAILS = (
    "- Where do you start?\n- Which mistakes should I avoid?\n- Who else should "
    "I talk to?",
    "What I have so far: a rough outline, a spreadsheet with {number} rows and "
    "a lot of open questions.",
    "Constraints: we cannot change the tools this year, and the people involved "
    "sit in three time zones.",
    "I looked at how {other} is handled and wonder if the same idea works for {topic}.",
    "Any pointers to earlier threads, documents or people are welcome.",
)
DISCUSSION_PARAGRAPHS = (
    "Over the last {weeks} weeks several of us noticed that {thing} depends on "
    "{topic} more than we planned for.",
    "Here is a first draft of what we could agree on. Tear it apart: the point "
    "is to end up with something we all use.",
    "I would like to hear from people who do this every day, not only from the "
    "people who wrote the process.",
    "If we change nothing, {thing} will take about {number} hours more next "
    "quarter. That seems worth a conversation.",
    "A few teams already do this well; it would be good to write down what they "
    "do before it lives only in their heads.",
)
NOTE_PARAGRAPHS = (
    "Working out loud: this week I tried a new approach to {topic} on {thing}. "
    "The first attempt failed, the second one halved the time it took.",
    "Lesson from a failed experiment with {topic}: we measured the wrong thing "
    "for {weeks} weeks. Writing it down so nobody repeats it.",
    "Small win today: {thing} went through without a single rework, thanks to "
    "the {topic} checklist from this community.",
    "Note to self and anyone interested: {topic} gets much easier once {other} "
    "is sorted out first.",
    "Spent the afternoon pairing on {topic}. Two hours saved us what I guess "
    "would have been {number} hours of back and forth.",
)
ARTICLE_PARAGRAPHS = (
    "## Why this matters\n\nWhen {topic} goes wrong, {thing} is where people "
    "notice first. Most problems start with unclear ownership.",
    "## What we do\n\n1. Agree on what good looks like\n2. Try it on one small "
    "case first\n3. Write down what surprised us",
    "## What we measure\n\nWe track {number} cases a month and look at the "
    "slowest ten together. The numbers matter less than the conversation.",
    "## What we would do differently\n\nStart with {other} earlier, and invite "
    "the people who will live with the result from day one.",
)
ANSWERS = (
    "We start with a short checklist: agree on what good looks like, try it on "
    "one small case, and write down what surprised us. The last step is the "
    "one people skip.",
    "Agree on ownership before anything else. Once one person owned {topic} "
    "end to end, the rest followed within a few weeks.",
    "Pair with someone who has done it before for one afternoon. It saves days. "
    "Happy to be that person for {topic}.",
    "We tried that for {thing}. It works if you keep the scope small: one team, "
    "{weeks} weeks, then decide.",
    "Look at how {other} is handled; the same pattern carries over to {topic} "
    "with very little change.",
    "The template we use is in the team space. The important part is the "
    "section on risks, which most people leave empty.",
    "I would measure two things only: how long {thing} takes, and how often it "
    "comes back for rework.",
    "Do not automate it yet. Do it by hand {number} times, then you will know "
    "which parts deserve a tool.",
    "We had the same problem. What fixed it was a fifteen-minute review every "
    "Friday, nothing fancier.",
    "Short answer: yes, but only with {other} in place first. Otherwise {topic} "
    "just moves the problem around.",
)
ANSWER_FOLLOW_UPS = (
    "If it helps, I can walk you through our version next week.",
    "```\nstep 1: map the current process\nstep 2: pick the slowest part\n"
    "step 3: change one thing and measure\n```",
    "The numbers from our last round: {number} cases, two reworks.",
    "Happy to review a draft before you share it wider.",
)
COMMENTS = (
    "Thanks, this is useful.",
    "Could you share an example?",
    "+1, same here.",
    "Which version of {thing} was this?",
    "Following: we need the same for our team.",
    "Great point about ownership.",
    "Did you try it with {other}?",
    "Adding this to our onboarding notes.",
)
MENTIONS = (
    "Maybe @{handle} has seen this before?",
    "@{handle} worked on something similar last year.",
    "Looping in @{handle}, who knows {topic} well.",
)

# --- Names of generated communities ----------------------------------------------
PRACTICE_NAMES = ("Practice", "Guild", "Circle", "Network", "Forum", "Community")
TEAM_ROOMS = ("crew", "working group", "squad", "room")
GOAL_METRICS = (
    "onboarding time",
    "rework",
    "the support backlog",
    "energy use",
    "lead time",
    "customer churn",
    "overtime",
    "stock-outs",
    "invoice errors",
    "travel costs",
    "open audit findings",
    "time to hire",
)
INTERESTS = (
    "Photography",
    "Cycling",
    "Board games",
    "Cooking",
    "Language exchange",
    "Gardening",
    "Music",
    "Volunteering",
    "Chess",
    "Hiking",
    "Climbing",
    "Film",
)
