"""Given and family names for the demo organisation, from many cultures.

Names are drawn independently, so a demo person may carry a given name from
one tradition and a family name from another, as many people do.
"""

FIRST_NAMES = (
    # Portuguese and Spanish speaking
    "Ana", "João", "Maria", "José", "Lucía", "Mateo", "Camila", "Diego",
    "Valentina", "Santiago", "Inês", "Tiago",
    # English speaking
    "Emma", "Oliver", "Charlotte", "James", "Amelia", "Harry", "Sophie",
    "Thomas", "Grace", "William",
    # German speaking
    "Lena", "Jonas", "Mia", "Lukas", "Felix", "Clara", "Paul",
    # Nordic
    "Søren", "Astrid", "Freya", "Henrik", "Ingrid", "Mikkel",
    # Polish
    "Łukasz", "Agnieszka", "Katarzyna", "Piotr", "Zofia",
    # Italian
    "Giulia", "Marco", "Chiara", "Luca", "Francesca",
    # French
    "Chloé", "Louis", "Camille", "Hugo", "Élodie",
    # West African
    "Amara", "Chinedu", "Ngozi", "Tunde", "Adaeze", "Kwame", "Ama", "Kofi",
    # East African
    "Wanjiru", "Baraka", "Amani", "Zawadi",
    # Arabic
    "Fatima", "Omar", "Layla", "Youssef", "Nour", "Karim",
    # Turkish
    "Aylin", "Emre", "Elif", "Mehmet",
    # Indian
    "Priya", "Arjun", "Ananya", "Rahul", "Deepika", "Vikram", "Kavya", "Rohan",
    # Chinese
    "Wei", "Mei", "Jun", "Xiu", "Hao", "Lian",
    # Japanese
    "Yuki", "Haruto", "Sakura", "Ren", "Aoi",
    # Korean
    "Minjun", "Seoyeon", "Jiwoo", "Hyun",
    # Vietnamese
    "Linh", "Minh", "Thảo",
    # Pacific and Māori
    "Siosaia", "Mere", "Tane",
    # Hebrew
    "Noa", "Yael",
)  # fmt: skip

FAMILY_NAMES = (
    # Portuguese and Spanish speaking
    "Silva", "Santos", "Oliveira", "Pereira", "Costa", "García", "Martínez",
    "López", "Hernández", "González", "Rodríguez", "Fernández",
    # English speaking and Irish
    "Smith", "Johnson", "Brown", "Taylor", "Wilson", "Evans", "Walker",
    "Clarke", "O'Brien", "Murphy",
    # German speaking
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Becker", "Wagner",
    # Nordic
    "Jensen", "Nielsen", "Andersson", "Johansson", "Larsen", "Lindqvist",
    # Polish
    "Kowalski", "Nowak", "Wiśniewska", "Wójcik",
    # Italian
    "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi",
    # French
    "Martin", "Bernard", "Dubois", "Moreau", "Lefèvre",
    # West African
    "Okafor", "Adeyemi", "Mensah", "Owusu", "Eze", "Nwosu", "Boateng", "Adebayo",
    # East African
    "Kamau", "Otieno", "Wanjiku", "Mwangi", "Njoroge",
    # Arabic
    "Haddad", "Mansour", "Khalil", "Nasser", "Farouk", "El-Amin",
    # Turkish (the dotless i in Yılmaz is a letter of its own)  # noqa: RUF003
    "Yılmaz", "Kaya", "Demir", "Çelik",  # noqa: RUF001
    # Indian
    "Sharma", "Patel", "Iyer", "Reddy", "Gupta", "Nair", "Mehta", "Banerjee",
    # Chinese
    "Wang", "Li", "Zhang", "Liu", "Chen", "Huang",
    # Japanese
    "Tanaka", "Suzuki", "Sato", "Takahashi", "Yamamoto",
    # Korean
    "Kim", "Park", "Lee", "Choi",
    # Vietnamese
    "Nguyễn", "Trần", "Phạm",
    # Pacific and Māori
    "Ngata", "Fifita", "Tuilagi",
    # Hebrew
    "Cohen", "Levi",
)  # fmt: skip
