"""What the demo organisation does: departments, teams, titles and topics."""

from typing import NamedTuple

from commonplace.demo import places
from commonplace.demo.places import Place

# --- Topics, by area of work (each area is named to find_or_create_topics at
# once, which takes at most 30 names) -------------------------------------------

ENGINEERING = (
    "Python",
    "Django",
    "TypeScript",
    "React",
    "Kubernetes",
    "Terraform",
    "PostgreSQL",
    "CI/CD",
    "Observability",
    "API design",
    "Accessibility",
    "Application security",
    "Code review",
    "Test automation",
    "ITIL",
    "Identity and access management",
)
DATA = (
    "SQL",
    "Data modelling",
    "Machine learning",
    "Statistics",
    "Data visualisation",
    "dbt",
    "Forecasting",
    "Experiment design",
)
SALES = (
    "Negotiation",
    "Account management",
    "Salesforce",
    "Customer onboarding",
    "Pricing",
    "Public speaking",
    "Content marketing",
    "SEO",
)
SAFETY = (
    "Risk assessment",
    "ISO 45001",
    "Incident investigation",
    "First aid",
    "Ergonomics",
    "Fire safety",
    "Hazard analysis",
)
OPERATIONS = (
    "Lean",
    "Six Sigma",
    "Logistics",
    "Inventory management",
    "Procurement",
    "Maintenance planning",
    "Quality assurance",
    "Root cause analysis",
)
PEOPLE = (
    "Recruiting",
    "Onboarding",
    "Coaching",
    "Employment law",
    "Learning design",
    "Diversity and inclusion",
    "Performance reviews",
)
FINANCE = (
    "Budgeting",
    "Financial modelling",
    "Accounting",
    "Payroll",
    "Tax",
    "Internal audit",
    "Excel",
)
SHARED = (
    "Project management",
    "Facilitation",
    "Agile",
    "Technical writing",
    "Change management",
    "Mentoring",
)
TOPIC_AREAS = (ENGINEERING, DATA, SALES, SAFETY, OPERATIONS, PEOPLE, FINANCE, SHARED)


# --- The organisation chart -----------------------------------------------------


class TeamPlan(NamedTuple):
    name: str
    slug: str
    manager_title: str
    titles: tuple[str, ...]
    topics: tuple[str, ...]
    home: Place


class DepartmentPlan(NamedTuple):
    name: str
    slug: str
    head_title: str
    topics: tuple[str, ...]
    teams: tuple[TeamPlan, ...]


CHIEF_EXECUTIVE_TITLE = "Chief Executive Officer"
CHIEF_EXECUTIVE_TOPICS = ("Change management", "Public speaking", "Budgeting")

DEPARTMENTS = (
    DepartmentPlan(
        name="Engineering",
        slug="engineering",
        head_title="Chief Technology Officer",
        topics=("Agile", "Application security", "Mentoring", "API design"),
        teams=(
            TeamPlan(
                name="Platform",
                slug="platform",
                manager_title="Platform Engineering Manager",
                titles=(
                    "Platform Engineer",
                    "Senior Platform Engineer",
                    "Site Reliability Engineer",
                    "DevOps Engineer",
                    "Cloud Architect",
                ),
                topics=(
                    "Kubernetes",
                    "Terraform",
                    "Observability",
                    "CI/CD",
                    "PostgreSQL",
                    "Python",
                    "Application security",
                ),
                home=places.BERLIN,
            ),
            TeamPlan(
                name="Product Engineering",
                slug="product-engineering",
                manager_title="Engineering Manager",
                titles=(
                    "Software Engineer",
                    "Senior Software Engineer",
                    "Frontend Developer",
                    "Backend Developer",
                    "QA Engineer",
                    "Product Designer",
                    "Product Manager",
                ),
                topics=(
                    "Python",
                    "Django",
                    "TypeScript",
                    "React",
                    "API design",
                    "Accessibility",
                    "Code review",
                    "Test automation",
                    "Agile",
                ),
                home=places.LISBON,
            ),
            TeamPlan(
                name="Data and Analytics",
                slug="data-and-analytics",
                manager_title="Data Team Lead",
                titles=(
                    "Data Analyst",
                    "Data Engineer",
                    "Data Scientist",
                    "Analytics Engineer",
                    "Machine Learning Engineer",
                ),
                topics=(*DATA, "Python"),
                home=places.BENGALURU,
            ),
        ),
    ),
    DepartmentPlan(
        name="Commercial",
        slug="commercial",
        head_title="Chief Commercial Officer",
        topics=("Negotiation", "Pricing", "Public speaking", "Forecasting"),
        teams=(
            TeamPlan(
                name="Enterprise Sales",
                slug="enterprise-sales",
                manager_title="Sales Director",
                titles=(
                    "Account Executive",
                    "Senior Account Executive",
                    "Sales Development Representative",
                    "Solutions Consultant",
                    "Bid Manager",
                ),
                topics=(
                    "Negotiation",
                    "Account management",
                    "Salesforce",
                    "Pricing",
                    "Public speaking",
                ),
                home=places.LONDON,
            ),
            TeamPlan(
                name="Customer Success",
                slug="customer-success",
                manager_title="Head of Customer Success",
                titles=(
                    "Customer Success Manager",
                    "Support Specialist",
                    "Implementation Consultant",
                    "Onboarding Specialist",
                    "Technical Account Manager",
                ),
                topics=(
                    "Customer onboarding",
                    "Account management",
                    "Salesforce",
                    "Technical writing",
                    "Facilitation",
                    "SQL",
                ),
                home=places.TORONTO,
            ),
            TeamPlan(
                name="Marketing",
                slug="marketing",
                manager_title="Marketing Manager",
                titles=(
                    "Content Marketer",
                    "Product Marketing Manager",
                    "SEO Specialist",
                    "Marketing Designer",
                    "Events Coordinator",
                ),
                topics=(
                    "Content marketing",
                    "SEO",
                    "Public speaking",
                    "Data visualisation",
                    "Experiment design",
                ),
                home=places.SAO_PAULO,
            ),
        ),
    ),
    DepartmentPlan(
        name="Operations",
        slug="operations",
        head_title="Chief Operating Officer",
        topics=("Lean", "Risk assessment", "Change management", "Budgeting"),
        teams=(
            TeamPlan(
                name="Field Operations",
                slug="field-operations",
                manager_title="Operations Manager",
                titles=(
                    "Field Technician",
                    "Operations Coordinator",
                    "Shift Supervisor",
                    "Maintenance Engineer",
                    "Service Planner",
                ),
                topics=(
                    "Maintenance planning",
                    "Lean",
                    "Root cause analysis",
                    "Quality assurance",
                    "Six Sigma",
                    "First aid",
                ),
                home=places.LAGOS,
            ),
            TeamPlan(
                name="Health and Safety",
                slug="health-and-safety",
                manager_title="Health and Safety Manager",
                titles=(
                    "Safety Advisor",
                    "Environmental Health Officer",
                    "Safety Inspector",
                    "Occupational Health Nurse",
                    "Risk Analyst",
                ),
                topics=SAFETY,
                home=places.NAIROBI,
            ),
            TeamPlan(
                name="Supply Chain",
                slug="supply-chain",
                manager_title="Supply Chain Manager",
                titles=(
                    "Buyer",
                    "Logistics Planner",
                    "Inventory Analyst",
                    "Procurement Specialist",
                    "Warehouse Lead",
                ),
                topics=(
                    "Logistics",
                    "Inventory management",
                    "Procurement",
                    "Forecasting",
                    "Excel",
                    "Lean",
                ),
                home=places.MEXICO_CITY,
            ),
        ),
    ),
    DepartmentPlan(
        name="Business Services",
        slug="business-services",
        head_title="Chief Financial Officer",
        topics=("Budgeting", "Financial modelling", "Change management", "Coaching"),
        teams=(
            TeamPlan(
                name="People and Culture",
                slug="people-and-culture",
                manager_title="Head of People",
                titles=(
                    "HR Business Partner",
                    "Talent Acquisition Partner",
                    "Learning and Development Specialist",
                    "People Operations Specialist",
                    "Recruiter",
                ),
                topics=(*PEOPLE, "Facilitation"),
                home=places.WARSAW,
            ),
            TeamPlan(
                name="Finance",
                slug="finance",
                manager_title="Finance Manager",
                titles=(
                    "Financial Analyst",
                    "Accountant",
                    "Payroll Specialist",
                    "Controller",
                    "Accounts Payable Specialist",
                ),
                topics=FINANCE,
                home=places.SINGAPORE,
            ),
            TeamPlan(
                name="IT Services",
                slug="it-services",
                manager_title="IT Manager",
                titles=(
                    "IT Support Specialist",
                    "Systems Administrator",
                    "Network Engineer",
                    "IT Security Analyst",
                    "Service Desk Analyst",
                ),
                topics=(
                    "ITIL",
                    "Identity and access management",
                    "Application security",
                    "Observability",
                    "Terraform",
                    "Technical writing",
                ),
                home=places.STOCKHOLM,
            ),
        ),
    ),
)


class PartnerPlan(NamedTuple):
    """An external member and the team whose people work with them."""

    organisation: str
    job_title: str
    team_slug: str
    topics: tuple[str, ...]


PARTNERS = (
    PartnerPlan(
        "Northwind Consulting",
        "Data Consultant",
        "data-and-analytics",
        ("Machine learning", "SQL", "Data visualisation"),
    ),
    PartnerPlan(
        "Harbour Safety Institute",
        "Safety Auditor",
        "health-and-safety",
        ("ISO 45001", "Risk assessment", "Internal audit"),
    ),
    PartnerPlan(
        "Brightpath Logistics",
        "Partner Account Manager",
        "supply-chain",
        ("Logistics", "Account management", "Negotiation"),
    ),
)

# --- Bios, assembled from parts ---------------------------------------------------

OPENINGS = (
    "{title} in {team}, based in {city}.",
    "I work in {team} as {article} {title}.",
    "{title} on the {team} team.",
    "Part of {team} in {city}, working as {article} {title}.",
)
SECOND_SENTENCES = (
    "Most days involve {first} and {second}.",
    "Ask me about {first} or {second}.",
    "Happy to help with anything about {first}.",
    "Learning more about {second} this year.",
    "Before this I spent a few years in {past}.",
    "Outside work: {hobby}.",
)
PAST_WORK = (
    "logistics",
    "a hospital",
    "a start-up",
    "the public sector",
    "a bank",
    "teaching",
    "retail",
    "a research lab",
)
HOBBIES = (
    "climbing",
    "choir singing",
    "baking bread",
    "long-distance running",
    "chess",
    "gardening",
    "photography",
    "cycling",
    "woodworking",
    "board games",
)
