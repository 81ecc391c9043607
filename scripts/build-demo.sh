#!/usr/bin/env bash
# Rebuilds projects/niger-russie.ron, the demo project, from the seed article through the command line:
# marked up on the raw text, then re-imported as Markdown with the annotations re-anchored.
# Usage: scripts/build-demo.sh [path/to/marginalia-binary]   (default: target/release/marginalia)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/release/marginalia}
article=${ARTICLE:-../shared/seed/niger-russie-article.txt}
project=projects/niger-russie.ron
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$bin" new "$tmp/demo.ron" --name "Niger – Russie (demo)"
"$bin" add-doc "$tmp/demo.ron" "$article" --title "Contre vents et marées le Niger et la Russie renforcent le partenariat bilatéral"
a() { "$bin" annotate "$tmp/demo.ron" "$@"; }
# A claim of the article's author; the id of what was added, for links.
c() { a --label claim --field "claimant=Mikhail Gamandiy-Egorov" --field claimant_type=person "$@"; }

# Verdicts are given only where the article itself, or the well-documented events it reports,
# settle them; "Unverifiable" marks claims the article makes without a source. The rest are left
# for the "Without a verdict" filter.

# Every --quote below is an exact substring of the article that occurs exactly once in it.
# Spans overlap and nest on purpose: the demo is also a fixture for overlapping highlights.

# --- Byline and publication -------------------------------------------------
a --label source --quote "Par [Mikhail Gamandiy-Egorov](#)" \
  --note "Byline. Check the author's background and affiliations before weighing the piece."

# --- Paragraph 1 ------------------------------------------------------------
c --field "verdict=Mostly true" --quote "La Russie et le Niger confirment leur volonté commune de rapprochement." \
  --note "Checkable: official statements from both governments after the January 2024 visit. No source given here."
c --field "verdict=Mixed" --quote "Cette voie accompagne pleinement la relation privilégiée entre Moscou et les pays membres de l'Alliance des Etats du Sahel, dont l'Etat nigérien fait pleinement partie." \
  --note "Checkable: Niger's membership of the Alliance of Sahel States (charter of September 2023). \"Privileged relationship\" with Moscow is asserted, not shown."
a --label opinion --quote "Comme prévu, les représentants de la minorité planétaire s'inquiètent déjà fortement de ces développements, mais ne seront certainement pas en mesure à pouvoir les inverser." \
  --note "Prediction stated as certainty; \"planetary minority\" is the author's recurring label for the West."
c --field "verdict=Unverifiable" --quote "les représentants de la minorité planétaire s'inquiètent déjà fortement de ces développements" \
  --note "Unsourced: which Western representatives expressed concern, and where? Needs a named statement."

# --- Paragraph 2 ------------------------------------------------------------
c --field "verdict=True" --quote "La visite officielle du Premier ministre du Niger Ali Lamine Zeine en Russie, à la tête d'une large délégation" \
  --note "Checkable: date, official status and size of Prime Minister Zeine's delegation to Moscow (January 2024)."
a --label opinion --quote "représente un tournant important non seulement dans le cadre bilatéral des relations russo-nigériennes, mais plus globalement parlant le virage stratégique que les autorités souveraines du pays sahélien entreprennent dans le cadre de la diversification active de leurs relations extérieures" \
  --note "Interpretation presented as analysis: 'turning point' and 'strategic shift' are the author's reading."
a --label opinion --quote "les autorités souveraines du pays sahélien" \
  --note "Loaded: describes the military government that took power in the July 2023 coup as 'sovereign authorities'."
c --field "verdict=Unverifiable" --quote "D'ailleurs et après la Russie, la délégation nigérienne s'est rendue en Turquie, en Serbie, puis en Iran." \
  --note "Checkable: the delegation's itinerary after Moscow. Needs an official source or contemporaneous reporting."
a --label opinion --quote "Confirmant les choix stratégiques à venir, dans un cadre multipolaire." \
  --note "Speculative conclusion drawn from the itinerary."

# --- Paragraph 3 ------------------------------------------------------------
c --quote "les différentes rencontres des hauts responsables nigériens avec leurs homologues russes ont été marquées par des échanges fructueux, confirmant la volonté des deux nations à resserrer leurs liens" \
  --note "Checkable: which meetings took place and what was announced. 'Fruitful' is a characterisation, not a fact."
a --label source --quote "comme le [notent](#) d'ailleurs plusieurs médias africains" \
  --note "Vague: no outlet named; the single link stands in for 'several African media'."

# --- Paragraph 4 ------------------------------------------------------------
c --quote "La délégation nigérienne, dirigée par Ali Lamine Zeine, comprenait des représentants ministériels clés, notamment les ministres de la Défense, du Pétrole, des Sports et du Commerce." \
  --note "Checkable: composition of the delegation. Verify against the official programme or Nigerien state media."
a --label opinion --quote "Cette diversité dans la composition de la délégation souligne l'intention des deux parties de développer des partenariats couvrant un éventail de secteurs." \
  --note "Inference about intentions drawn from the delegation's make-up."
c --quote "Les échanges ont également et naturellement porté sur la question de la lutte contre le terrorisme" \
  --note "Checkable: whether counter-terrorism was on the official agenda of the talks."
a --label opinion --quote "démontrant ainsi la préoccupation commune des deux nations à l'égard de la sécurité régionale" \
  --note "Inference presented as demonstrated."

# --- Paragraph 5 ------------------------------------------------------------
c --quote "Le ministre de la Défense du Niger, Salifou Modi, a évoqué la nécessité de consultations approfondies avec les partenaires concernés pour définir les contours de leur engagement dans la lutte contre le terrorisme." \
  --note "Checkable: the minister's actual words and where he said them (name usually spelled Mody). Find the original interview."
a --label opinion --quote "Cette perspective souligne la volonté des deux pays à collaborer étroitement dans des domaines sensibles et stratégiques, renforçant ainsi leur partenariat au-delà des frontières économiques." \
  --note "Problematic: the statement is read as being about Russia, while the later paragraph says it concerned Niger's other partners."

# --- Paragraph 6 (note the stray paragraph break inside 'fer de lance') -----
c --quote "une coopération qui a déjà atteint un niveau plus qu'important dans le cadre de la Russie et de l'AES" \
  --note "Vague and unquantified: which agreements, deliveries or deployments? Needs specifics and a source."
a --label opinion --quote "celle-ci s'est déjà placée comme fer"$'\n\n'"de lance du panafricanisme et de la multipolarité sur le continent africain" \
  --note "Laudatory framing of the AES. The span crosses a spurious paragraph break in the source text."
c --quote "les voix issues de la minorité planétaire nostalgique d'une époque révolue, minorité nommée Occident, ne cachent pas leur vive inquiétude" \
  --note "Sweeping and unsourced: which Western voices? The only example given next is RFI."
a --label opinion --quote "minorité planétaire nostalgique d'une époque révolue" \
  --note "Loaded: dismissive label for 'the West'."

# --- Paragraph 7 ------------------------------------------------------------
a --label source --quote "Comme le [montre RFI](#)" \
  --note "Cites RFI; find the original RFI piece and compare wording."
a --label opinion --quote "très principalement axée sur l'Afrique" \
  --note "Characterisation of RFI, used to frame it as partisan."
c --quote "les déclarations des hauts responsables nigériens à Moscou déplaisent fortement à Washington" \
  --note "Attributed to RFI: check whether RFI says this or whether it is the author's paraphrase. Any US statement?"
a --label opinion --quote "Washington, le maître des vassaux européens, dont évidemment de l'Hexagone" \
  --note "Loaded: casts the US as master of European 'vassals', France included. Overlaps the end of the preceding claim."
c --field "verdict=Mostly true" --quote "ce dernier ayant été éjecté du Niger" \
  --note "Checkable: French troop withdrawal from Niger (completed December 2023) and the circumstances. 'Ejected' is loaded."
a --label source --quote "comme l'écrit cette propagande hexagonale" \
  --note "Attribution to RFI, which the author simultaneously calls propaganda."
a --label opinion --quote "cette propagande hexagonale" \
  --note "Loaded: discredits the very source the argument relies on."
c --quote "le général Modi, fervent promoteur du rapprochement avec la Russie, a précisé au cours d'une interview accordé à un média russe, que dans le cadre de la lutte contre le terrorisme les dirigeants du Niger discuteront bientôt avec leurs autres partenaires afin de définir les grandes lignes de leur participation ou bien de leur présence sur le territoire nigérien." \
  --note "Checkable: which Russian outlet, what date, and the exact quote. The interview is not linked."
a --label opinion --quote "fervent promoteur du rapprochement avec la Russie" \
  --note "Characterisation of General Modi, unsupported."
a --label source --quote "accordé à un média russe" \
  --note "Vague: the Russian outlet is not named."
c --field "verdict=True" --quote "les États-Unis sont toujours présents dans le pays" \
  --note "Checkable: US military presence in Niger as of January 2024 (personnel, bases). Needs a US or Nigerien official source."

# --- Paragraph 8 ------------------------------------------------------------
a --label source --quote "Toujours selon *RFI*" \
  --note "Second attribution to RFI; verify the quotes that follow against the original."
c --field claimant=RFI --field claimant_type=organisation --quote "«une raison de plus pour Washington de garder un œil sur le Niger»" \
  --note "Quoted phrase attributed to RFI: check that it appears verbatim in the RFI article."
c --quote "la secrétaire d'État étasunienne adjointe chargée des Affaires africaines, qui s'était rendue à Niamey début décembre, a expliqué que l'offre de partenariat entre Washington et Niamey reste sur la table, «aux mêmes conditions»" \
  --note "Checkable: statement by the US Assistant Secretary of State for African Affairs after the Moscow visit. Find the original remarks."
c --quote "qui s'était rendue à Niamey début décembre" \
  --note "Checkable: date of the Assistant Secretary's visit to Niamey (December 2023)."

# --- Paragraph 9 ------------------------------------------------------------
a --label opinion --quote "ce que les propagandistes occidentaux oublient, à l'instar de l'establishment otanesque en général" \
  --note "Loaded: 'Western propagandists', 'NATO-ish establishment'."
a --label opinion --quote "Washington, comme ses fidèles vassaux, peuvent garder autant qu'ils souhaitent «l'œil» sur les nations souveraines africaines, l'essentiel étant que les partisans de l'ordre contemporain multipolaire gardent un œil sur les agissements de cette minorité occidentale." \
  --note "Rhetorical counter-point, not a factual statement."
c --quote "Cela concerne aussi bien leurs multiples tentatives de déstabilisations d'États africains indépendants, les campagnes hybrides, sans oublier leur interaction avec des groupes terroristes et armés qui se trouvent sous leur contrôle." \
  --note "Sweeping and serious allegation with no evidence, example or source given."
c --field "verdict=Unverifiable" --quote "leur interaction avec des groupes terroristes et armés qui se trouvent sous leur contrôle" \
  --note "Problematic: accuses Western states of controlling terrorist groups. Extraordinary claim, entirely unsupported here."

# --- Paragraph 10 -----------------------------------------------------------
a --label opinion --quote "Une chose est sûre - les échanges à succès entre les hauts responsables nigériens et russes à Moscou - confirment effectivement" \
  --note "Certainty asserted; 'successful' exchanges are not substantiated."
c --quote "l'importance de l'interaction actuelle et à venir entre la Russie et ses alliés de l'Alliance des États du Sahel" \
  --note "Checkable in part: current Russia–AES cooperation agreements. 'Allies' is a characterisation."
a --label opinion --quote "Les gesticulations et manœuvres des forces néocoloniales ne sauront pouvoir stopper la détermination des peuples libres et réellement souverains." \
  --note "Closing rhetoric: prediction and loaded vocabulary."
a --label opinion --quote "forces néocoloniales" \
  --note "Loaded: labels Western states as neocolonial forces."

# --- Footer -----------------------------------------------------------------
a --label source --quote "La source originale de cet article est [Observateur continental](#)" \
  --note "Original publisher. Check Observateur continental's ownership and editorial line."
a --label source --quote "Copyright © [Mikhail Gamandiy-Egorov](#), [Observateur continental](#), 2024" \
  --note "Copyright line: author and original outlet."
a --label disclaimer --quote "Avis de non-responsabilité : Les opinions exprimées dans cet article n'engagent que le ou les auteurs. Le Centre de recherche sur la mondialisation se dégage de toute responsabilité concernant le contenu de cet article et ne sera pas tenu"$'\n\n'"responsable pour des erreurs ou informations incorrectes ou inexactes." \
  --note "Publisher's disclaimer. The span crosses a paragraph break in the source text."
a --label disclaimer --quote "Le Centre de recherche sur la mondialisation (CRM) accorde la permission de reproduire la version intégrale ou des extraits d'articles du site Mondialisation.ca sur des sites de médias alternatifs. La source de l'article, l'adresse url ainsi qu'un hyperlien vers l'article original du CRM doivent être indiqués. Une note de droit d'auteur (copyright) doit également être indiquée." \
  --note "Reproduction notice: the terms under which this demo ships the full text."
a --label disclaimer --quote "Nous mettons ce matériel à la disposition de nos lecteurs en vertu du principe \"d'utilisation équitable\", dans le but d'améliorer la compréhension des enjeux politiques, économiques et sociaux." \
  --note "Fair-use notice."

# The spans above were marked on the raw text; re-import the article as Markdown (links become their
# text) and carry every annotation over by re-anchoring its quote, as a user's re-import would.
"$bin" reimport "$tmp/demo.ron" "$article" --format markdown

# Claims linked to the sources the article gives for them (found by a unique part of their quote).
find_id() {
  "$bin" list "$tmp/demo.ron" --label "$1" --search "$2" --json 2>/dev/null | grep -o '"a-[0-9A-Z]*"' | head -1 | tr -d '"'
}
link() { "$bin" link "$tmp/demo.ron" --from "$(find_id claim "$1")" --to "$(find_id source "$2")" --type "$3"; }
link "déplaisent fortement à Washington" "Comme le montre" "cites"
link "garder un œil sur le Niger" "Toujours selon" "cites"
link "marquées par des échanges fructueux" "plusieurs médias africains" "supported by"
link "interview accordé à un média russe" "accordé à un média russe" "cites"

mv "$tmp/demo.ron" "$project"
echo "wrote $project"
