"""Invented reports of two groundings of one ferry at one harbour, years apart.

The first report of the second grounding is worded much like the first grounding's reports, so
an online clusterer puts it in their story, and the next reports of the second grounding follow
it there: the two events end merged unless the story splits. (id, headline, body) each.
"""

from __future__ import annotations

MARLA_FIRST = [
    (
        "dren-1",
        "Ferry Marla runs aground off Port Quillan",
        "The ferry Marla ran aground on the Skerrow bank outside Port Quillan on 4 March 2019 with "
        "212 passengers on board. Captain Ivo Dren said fog hid the channel buoys as the ship "
        "turned into the harbour. Lifeboats took the passengers ashore and nobody was hurt. The "
        "harbour master closed the channel while divers checked the hull.",
    ),
    (
        "dren-2",
        "Captain Dren questioned after Marla grounding",
        "Investigators questioned Captain Ivo Dren on Tuesday after his ferry, the Marla, struck "
        "the Skerrow bank at Port Quillan on 4 March 2019. All 212 passengers were brought ashore "
        "by lifeboats. Dren told reporters the fog was the thickest he had seen in twenty years "
        "and that the radar showed the buoys in the wrong place.",
    ),
    (
        "dren-3",
        "Marla refloated at Port Quillan",
        "Tugs pulled the ferry Marla off the Skerrow bank at high tide, two days after it ran "
        "aground outside Port Quillan on 4 March 2019 with 212 passengers aboard. Captain Ivo "
        "Dren stayed on the bridge during the operation. The hull was dented but not holed, and "
        "the ship was towed to the dry dock for repairs.",
    ),
]
MARLA_SECOND = [
    (
        "oru-1",
        "Ferry Marla aground again off Port Quillan",
        "The ferry Marla ran aground outside Port Quillan with 87 passengers on board. Captain "
        "Seda Oru said the ship lost power as it turned into the harbour. Lifeboats took the "
        "passengers ashore and the harbour master closed the channel while divers checked the "
        "hull.",
    ),
    (
        "oru-2",
        "Marla lost power before grounding, says Captain Oru",
        "Captain Seda Oru said the ferry Marla lost power as it turned into the harbour at Port "
        "Quillan and ran aground with 87 passengers on board. Lifeboats took them ashore. The "
        "ferry company suspended sailings while engineers inspect the engine room.",
    ),
    (
        "oru-3",
        "Six hurt as storm drives Marla onto Gannet Point rocks",
        "Six of the 87 passengers on the ferry Marla were treated in hospital after a storm drove "
        "the ship onto the rocks at Gannet Point. Captain Seda Oru praised the coastguard "
        "helicopter crew. Engineers are inspecting the engine, which Oru said failed as the "
        "ferry left Port Quillan.",
    ),
]
