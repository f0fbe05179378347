"""Where demo people work: cities with their IANA time zones."""

from typing import NamedTuple


class Place(NamedTuple):
    city: str
    time_zone: str


LISBON = Place("Lisbon, Portugal", "Europe/Lisbon")
LONDON = Place("London, United Kingdom", "Europe/London")
BERLIN = Place("Berlin, Germany", "Europe/Berlin")
WARSAW = Place("Warsaw, Poland", "Europe/Warsaw")
STOCKHOLM = Place("Stockholm, Sweden", "Europe/Stockholm")
LAGOS = Place("Lagos, Nigeria", "Africa/Lagos")
NAIROBI = Place("Nairobi, Kenya", "Africa/Nairobi")
CAIRO = Place("Cairo, Egypt", "Africa/Cairo")
BENGALURU = Place("Bengaluru, India", "Asia/Kolkata")
SINGAPORE = Place("Singapore", "Asia/Singapore")
TOKYO = Place("Tokyo, Japan", "Asia/Tokyo")
SYDNEY = Place("Sydney, Australia", "Australia/Sydney")
TORONTO = Place("Toronto, Canada", "America/Toronto")
MEXICO_CITY = Place("Mexico City, Mexico", "America/Mexico_City")
SAO_PAULO = Place("São Paulo, Brazil", "America/Sao_Paulo")

PLACES = (
    LISBON,
    LONDON,
    BERLIN,
    WARSAW,
    STOCKHOLM,
    LAGOS,
    NAIROBI,
    CAIRO,
    BENGALURU,
    SINGAPORE,
    TOKYO,
    SYDNEY,
    TORONTO,
    MEXICO_CITY,
    SAO_PAULO,
)
