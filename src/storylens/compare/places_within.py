"""Which country a well-known city lies in, so "The Hague" and "the Netherlands" agree.

Team-written from common geographic facts: capitals, seats of government and large cities
that news reports name in place of their country. One row per place: place, then container.
Names are matched after :func:`storylens.compare.values.place_key` (gazetteer aliases apply).
"""

from __future__ import annotations

PLACES_WITHIN = """
The Hague	Netherlands
Amsterdam	Netherlands
Rotterdam	Netherlands
Brussels	Belgium
Antwerp	Belgium
Paris	France
Marseille	France
Lyon	France
Strasbourg	France
Berlin	Germany
Munich	Germany
Hamburg	Germany
Frankfurt	Germany
Bonn	Germany
London	United Kingdom
Edinburgh	United Kingdom
Cardiff	United Kingdom
Belfast	United Kingdom
Manchester	United Kingdom
Birmingham	United Kingdom
Glasgow	United Kingdom
Dublin	Ireland
Madrid	Spain
Barcelona	Spain
Lisbon	Portugal
Rome	Italy
Milan	Italy
Naples	Italy
Vienna	Austria
Bern	Switzerland
Geneva	Switzerland
Zurich	Switzerland
Davos	Switzerland
Luxembourg City	Luxembourg
Copenhagen	Denmark
Oslo	Norway
Stockholm	Sweden
Helsinki	Finland
Reykjavik	Iceland
Tallinn	Estonia
Riga	Latvia
Vilnius	Lithuania
Warsaw	Poland
Krakow	Poland
Prague	Czech Republic
Bratislava	Slovakia
Budapest	Hungary
Ljubljana	Slovenia
Zagreb	Croatia
Belgrade	Serbia
Sarajevo	Bosnia and Herzegovina
Skopje	North Macedonia
Tirana	Albania
Athens	Greece
Sofia	Bulgaria
Bucharest	Romania
Chisinau	Moldova
Kyiv	Ukraine
Kharkiv	Ukraine
Odesa	Ukraine
Lviv	Ukraine
Donetsk	Ukraine
Minsk	Belarus
Moscow	Russia
St Petersburg	Russia
Ankara	Turkey
Istanbul	Turkey
Tbilisi	Georgia
Yerevan	Armenia
Baku	Azerbaijan
Washington	United States
New York	United States
Los Angeles	United States
Chicago	United States
Ottawa	Canada
Toronto	Canada
Montreal	Canada
Mexico City	Mexico
Brasilia	Brazil
Rio de Janeiro	Brazil
Sao Paulo	Brazil
Buenos Aires	Argentina
Santiago	Chile
Lima	Peru
Bogota	Colombia
Caracas	Venezuela
Havana	Cuba
Beijing	China
Shanghai	China
Hong Kong	China
Taipei	Taiwan
Tokyo	Japan
Osaka	Japan
Seoul	South Korea
Pyongyang	North Korea
New Delhi	India
Mumbai	India
Islamabad	Pakistan
Karachi	Pakistan
Kabul	Afghanistan
Tehran	Iran
Baghdad	Iraq
Damascus	Syria
Beirut	Lebanon
Amman	Jordan
Jerusalem	Israel
Tel Aviv	Israel
Gaza City	Gaza
Riyadh	Saudi Arabia
Jeddah	Saudi Arabia
Doha	Qatar
Abu Dhabi	United Arab Emirates
Dubai	United Arab Emirates
Muscat	Oman
Sanaa	Yemen
Cairo	Egypt
Tripoli	Libya
Tunis	Tunisia
Algiers	Algeria
Rabat	Morocco
Khartoum	Sudan
Addis Ababa	Ethiopia
Nairobi	Kenya
Lagos	Nigeria
Abuja	Nigeria
Kinshasa	Democratic Republic of the Congo
Johannesburg	South Africa
Pretoria	South Africa
Cape Town	South Africa
Canberra	Australia
Sydney	Australia
Melbourne	Australia
Wellington	New Zealand
Jakarta	Indonesia
Manila	Philippines
Bangkok	Thailand
Hanoi	Vietnam
Singapore	Singapore
Kuala Lumpur	Malaysia
Dhaka	Bangladesh
"""
