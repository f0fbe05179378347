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

# --- Ideas in goal communities ------------------------------------------------------
#
# Slots: {topic} and {other} (topics of the community), {thing}, {team} (the
# team of one of its members), {number}, {weeks} and {percent}. One idea
# keeps the same values in all its texts, its moves and its decision, so
# they speak of the same problem.

# What an idea changes: its title and its proposal, which go together.
IDEA_SHAPES = (
    (
        "One owner for {topic} in every team",
        "Name one owner for {topic} in each team and list them on the community "
        "page. Start with {team} for {weeks} weeks, then review.",
    ),
    (
        "Replace the {topic} spreadsheets with one shared sheet",
        "Replace the spreadsheets with one shared {topic} sheet, kept by {team} "
        "and updated every Friday.",
    ),
    (
        "A {topic} checklist for {thing}",
        "Add a short checklist to {thing}:\n\n1. Who owns {topic} here\n2. What "
        "good looks like\n3. What we check before hand-over",
    ),
    (
        "Pilot {topic} at two sites for {weeks} weeks",
        "Run a {weeks}-week pilot at two sites with {team}, measure the same "
        "numbers before and after, and decide on the results.",
    ),
    (
        "A fifteen-minute {topic} review every Monday",
        "Hold a fifteen-minute review every Monday where we look at the three "
        "slowest cases of {thing} together, with someone from {team} each time.",
    ),
    (
        "Write down how {team} does {topic}",
        "Write a one-page guide to {topic} with {team} and link it from {thing}.",
    ),
    (
        "Pair new joiners with a {topic} buddy",
        "Give every new joiner a {topic} buddy from {team} for their first "
        "{weeks} weeks.",
    ),
    (
        "Stop copying {topic} numbers into {thing} by hand",
        "Produce the {topic} report straight from {thing}, so nobody copies "
        "numbers by hand.",
    ),
    (
        "Publish our {topic} numbers where everyone sees them",
        "Put the weekly {topic} numbers on the community page every Monday, with "
        "one line from {team} on what changed.",
    ),
    (
        "Fewer sign-offs in {thing}",
        "Cut the sign-offs in {thing} from four to two: the owner and {team}. "
        "Everyone else is told, not asked.",
    ),
    (
        "Train two {topic} champions per site",
        "Train two {topic} champions at each site over {weeks} weeks; they take "
        "the first questions and meet {team} once a month.",
    ),
    (
        "Bring {other} into {thing} from the start",
        "Invite the people who know {other} to the first meeting on {thing}, not "
        "the last, starting with the next round in {team}.",
    ),
    (
        "A shared glossary for {topic} and {other}",
        "Agree one glossary of {topic} and {other} terms, twenty words at most, "
        "kept by {team} and linked from {thing}.",
    ),
    (
        "Make {topic} part of every hand-over",
        "Add two lines on {topic} to every hand-over note: what changed, and what "
        "the next person must check.",
    ),
    (
        "Review {thing} with {team} once a month",
        "Review {thing} with {team} on the first Monday of each month: half an "
        "hour, three cases, one change agreed.",
    ),
)
# A problem says what hurts, for whom, and how we know.
IDEA_PAINS = (
    "{thing} stalls at the {topic} step: nobody is sure who signs it off, so it waits.",
    "We redo the {topic} part of {thing} by hand every month, copying numbers "
    "between three spreadsheets.",
    "Each team explains {topic} its own way, so anyone who moves between teams "
    "learns it again from scratch.",
    "Problems with {topic} show up late, usually in {thing}, when they cost the "
    "most to fix.",
    "There is no shared picture of {topic}: each site keeps its own notes, and "
    "they do not agree.",
    "Questions about {topic} all land with the same two people, who then have "
    "no time left for {other}.",
    "The {topic} guidance is long, out of date and hard to find, so people skip it.",
    "What we know about {topic} gets lost at hand-over, and the next shift "
    "starts without it.",
)
IDEA_WHO = (
    "It hurts {team} most: they are the ones chasing answers.",
    "People in {team} feel it first, and customers a few days later.",
    "New joiners in {team} are hit hardest, because they do not know whom to ask yet.",
    "It costs {team} about {number} hours a month, taken from {other}.",
)
IDEA_EVIDENCE = (
    "We know because {number} of the last 50 cases in {thing} were held up at "
    "this step.",
    "The last two incident reviews both named it as a cause.",
    "We counted for a month: {number} requests about {topic}, most of them the "
    "same five questions.",
    "The numbers are in {thing}: rework on {topic} went up {weeks} weeks in a row.",
    "{number} complaints last quarter mention it, by far the most common theme.",
    "In a quick poll in this community, {number} people said it slowed them "
    "down this quarter.",
)
IDEA_IMPACTS = (
    "We expect {thing} to take about {percent}% less time within a quarter.",
    "About {number} hours a month back for {team}, and fewer repeats.",
    "Fewer surprises late in {thing}, and one picture of {topic} that everyone trusts.",
    "A measurable step towards our goal: we will compare the {weeks} weeks "
    "before and after.",
    "New joiners confident with {topic} in days rather than weeks.",
    "Fewer questions to the same two people, and faster answers for everyone else.",
)
# What an author adds to the proposal once people have backed it.
IDEA_UPDATES = (
    "**Update after the discussion:** we start with {team} only, and widen it "
    "if the numbers hold.",
    "**Changed after feedback:** the pilot now runs {weeks} weeks, so it covers "
    "a month-end.",
    "**Added:** {other} comes first, as several of you pointed out in the thread.",
    "**Narrowed down:** only {thing} for now; the rest waits for the results.",
)
IDEA_REPLIES = (
    "We see the same in {team}: last month {number} cases waited on {topic}.",
    "+1. Could this cover {thing} too? That is where it hurts us most.",
    "Has anyone looked at how {other} handles this? It might save us some work.",
    "The problem is spot on. I am less sure about the proposal: who keeps it "
    "going after the first month?",
    "Happy to help with the {topic} part; I did something similar for {thing}.",
    "What would we stop doing to make time for this?",
    "These numbers match what I see. Count me in if you need hands.",
    "Worth talking to {team} before deciding: they run {thing} every week.",
    "We tried a version of this two years ago. It worked until the owner moved "
    "on, so let's plan for that.",
)
# The leaders' message on moving an idea, by stage of the default trip.
IDEA_MOVES = {
    "Under discussion": (
        "Thanks for writing this up. Opening it for discussion: please add what "
        "you see in your team.",
        "Several of you backed this, so let's discuss it properly. Comments in "
        "the thread, please.",
        "The problem is clear; the proposal needs more eyes. Over to the discussion.",
    ),
    "Being evaluated": (
        "Evaluating this with {team}: cost, effort and who would own it. Back in "
        "about {weeks} weeks.",
        "Looks promising. We are sizing it now and will come back with numbers.",
        "We are trying it on a small sample of {thing} before deciding.",
    ),
    "Decided": (
        "Decided at the leaders' review: we go ahead. Reasons and alternatives "
        "are in the decision record.",
        "Agreed. The decision record has what we weighed and why.",
    ),
    "Being implemented": (
        "Work has started: {team} owns it, first results expected in {weeks} weeks.",
        "Implementation is under way. Updates will follow in the thread.",
    ),
    "Done": (
        "Done: it is live for everyone. Thank you to all who helped.",
        "Finished. We watch the numbers for a few weeks before calling it a success.",
    ),
    "Impact measured": (
        "Measured over {weeks} weeks: {thing} takes about {percent}% less time "
        "than before.",
        "Impact measured: {team} reports about {number} hours a month saved. "
        "Write-up in the thread.",
    ),
    "Declined": (
        "We are not going ahead; the reasons are in the decision record. Thanks "
        "for raising it.",
        "Declined, but the problem stays on our list. See the decision record.",
    ),
    "Parked (not now)": (
        "Parked until the current pilot ends; we look at it again on the review day.",
        "Good idea, wrong moment. Parked with a day to look again.",
    ),
}
# Decision records by kind of stage: (decisions, reasons, alternatives weighed).
IDEA_DECISIONS = {
    "decided": (
        (
            "Go ahead as proposed, starting with {team}.",
            "Go ahead with a {weeks}-week pilot, then decide on a wider rollout.",
            "Adopt it for {thing} from next month, with {team} as owner.",
        ),
        (
            "It tackles a problem many of us backed, costs little and is easy to "
            "undo if it does not work.",
            "The evaluation showed about {number} hours a month saved for {team}, "
            "for a few days of setup.",
            "It moves our goal directly, and {team} has room for it this quarter.",
        ),
        (
            "Doing nothing; buying a tool for {topic}; leaving each team to solve "
            "it alone.",
            "A full redesign of {thing}, which we judged too slow for this year.",
        ),
    ),
    "declined": (
        (
            "We will not do this now or in this form.",
            "Declined: it does not fit our goal this year.",
        ),
        (
            "The problem is real but small next to {other}, where the same effort "
            "helps more.",
            "It duplicates the {topic} work {team} already runs.",
            "Running it every week would cost more time than it saves.",
        ),
        (
            "A lighter version limited to {thing}; folding it into the {other} work.",
            "Asking {team} to trial it informally; waiting for the yearly review.",
        ),
    ),
    "parked": (
        (
            "Parked until {team} finishes the current {other} work.",
            "Not now: we look again once next quarter's plan is set.",
        ),
        (
            "Worth doing, but nobody can own it before the current pilot ends.",
            "It depends on {thing}, which changes in the coming months.",
        ),
        (
            "Starting now with volunteers; a smaller version in one team.",
            "Deciding now, without the numbers from {thing}.",
        ),
    ),
}
DECIDER_GROUPS = (
    "The leaders of {community}",
    "The {community} leadership review",
    "The {community} monthly steering meeting",
)
