// Sample headlines of the demo partners: invented, written the way Romanian outlets title their news.

import type { DemoOutletId } from './outlets.js';

export type DemoTopic =
  | 'externe'
  | 'politica'
  | 'justitie'
  | 'economie'
  | 'fotbal'
  | 'sport'
  | 'tenis'
  | 'auto'
  | 'tech'
  | 'sanatate'
  | 'meteo'
  | 'showbiz'
  | 'stiinta'
  | 'social';

export interface DemoHeadline {
  outlet: DemoOutletId;
  /** What the demo is about, for the tests' relevance checks; not sent to the service. */
  topic: DemoTopic;
  title: string;
  summary: string;
  /** As the outlet names its section (each outlet has its own habits). */
  category: string;
  tags?: string[];
  /** Published this many hours before the demo data is loaded. */
  hoursAgo: number;
}

export const DEMO_HEADLINES: readonly DemoHeadline[] = [
  // Digi24
  {
    outlet: 'digi24',
    topic: 'externe',
    title:
      'Kremlinul insistă pe „garanții de securitate” scrise: Moscova cere ca NATO să renunțe la extinderea spre est',
    summary:
      'Purtătorul de cuvânt al Kremlinului a spus că Rusia așteaptă un răspuns în scris din partea SUA și a NATO, după ce Moscova și-a prezentat lista de cereri privind securitatea europeană.',
    category: 'Externe',
    tags: ['Rusia', 'NATO', 'garanții de securitate'],
    hoursAgo: 2,
  },
  {
    outlet: 'digi24',
    topic: 'externe',
    title: 'Xi Jinping, vizită de stat la Moscova în primăvară. Kremlinul confirmă pregătirile',
    summary:
      'Liderul chinez ar urma să fie primit la Kremlin pentru a semna mai multe acorduri economice și energetice, au anunțat oficialii ruși.',
    category: 'Externe',
    tags: ['China', 'Rusia', 'Xi Jinping'],
    hoursAgo: 15,
  },
  {
    outlet: 'digi24',
    topic: 'externe',
    title:
      'Cum s-a schimbat politica externă a Washingtonului față de Moscova și Beijing în ultimul an. Analiza diplomaților',
    summary:
      'Foști ambasadori americani descriu o diplomație tot mai tranzacțională, în care relația cu Rusia și China se negociază punct cu punct.',
    category: 'Externe',
    tags: ['SUA', 'China', 'Rusia'],
    hoursAgo: 7,
  },
  {
    outlet: 'digi24',
    topic: 'justitie',
    title:
      'Un fost judecător al Curții Constituționale, despre amânarea deciziei pe pensiile magistraților: „Nu e o situație normală”',
    summary:
      'Fostul judecător spune că lipsa cvorumului la CCR transmite un semnal prost și că decizia ar fi trebuit luată încă de la primul termen.',
    category: 'Actualitate',
    tags: ['CCR', 'pensii speciale'],
    hoursAgo: 11,
  },
  {
    outlet: 'digi24',
    topic: 'economie',
    title: 'BNR a menținut dobânda de politică monetară la 6,50%. Ce înseamnă pentru ratele românilor',
    summary:
      'Consiliul de administrație al Băncii Naționale a decis păstrarea dobânzii-cheie, în condițiile în care inflația rămâne peste ținta băncii centrale.',
    category: 'Economie',
    tags: ['BNR', 'dobânzi', 'inflație'],
    hoursAgo: 5,
  },
  {
    outlet: 'digi24',
    topic: 'meteo',
    title:
      'Prognoza meteo pentru weekend: ninsori la munte și ger în Moldova. Unde se anunță cele mai scăzute temperaturi',
    summary:
      'Meteorologii ANM anunță o răcire accentuată a vremii, cu minime de până la minus 15 grade în depresiunile din estul Transilvaniei.',
    category: 'Meteo',
    tags: ['ANM', 'vremea'],
    hoursAgo: 3,
  },
  {
    outlet: 'digi24',
    topic: 'tech',
    title: 'Inteligența artificială intră în școlile din România: ce instrumente vor putea folosi profesorii',
    summary:
      'Ministerul Educației pregătește un ghid pentru folosirea asistenților bazați pe inteligență artificială la clasă, începând cu liceele-pilot.',
    category: 'Sci-Tech',
    tags: ['inteligență artificială', 'educație'],
    hoursAgo: 20,
  },
  {
    outlet: 'digi24',
    topic: 'sanatate',
    title: 'Epidemia de gripă se extinde: peste 40.000 de cazuri de infecții respiratorii într-o săptămână',
    summary:
      'Datele INSP arată o creștere de aproape 20% față de săptămâna precedentă. Cei mai afectați sunt copiii sub cinci ani și vârstnicii.',
    category: 'Sănătate',
    tags: ['gripă', 'INSP'],
    hoursAgo: 9,
  },
  {
    outlet: 'digi24',
    topic: 'auto',
    title: 'Stațiile de încărcare rapidă pentru mașini electrice de pe autostrăzi se dublează până la vară',
    summary:
      'Mai mulți operatori au anunțat investiții în stații de peste 150 kW pe A1 și A2, la intervale de cel mult 60 de kilometri.',
    category: 'Economie',
    tags: ['mașini electrice', 'autostrăzi'],
    hoursAgo: 10,
  },
  {
    outlet: 'digi24',
    topic: 'fotbal',
    title: 'Superliga: programul etapei a 21-a și unde se văd meciurile la TV',
    summary: 'Runda începe vineri seară și se încheie luni, cu un meci important pentru lupta la play-off.',
    category: 'Sport',
    tags: ['Superliga'],
    hoursAgo: 6,
  },

  // Mediafax
  {
    outlet: 'mediafax',
    topic: 'externe',
    title:
      'Zelenski, întâlnire cu liderii europeni la Bruxelles. Pe masă: garanțiile de securitate pentru Ucraina după un armistițiu',
    summary:
      'Președintele ucrainean discută cu liderii UE despre forța multinațională propusă pentru a descuraja o nouă ofensivă rusă.',
    category: 'Externe',
    tags: ['Ucraina', 'UE', 'garanții de securitate'],
    hoursAgo: 1.5,
  },
  {
    outlet: 'mediafax',
    topic: 'externe',
    title: 'China anunță exerciții militare comune cu Rusia în Pacific. Japonia își exprimă îngrijorarea',
    summary:
      'Navele celor două țări vor desfășura manevre timp de o săptămână în Marea Japoniei, a transmis Ministerul Apărării de la Beijing.',
    category: 'Externe',
    tags: ['China', 'Rusia', 'Japonia'],
    hoursAgo: 14,
  },
  {
    outlet: 'mediafax',
    topic: 'externe',
    title: 'Kremlinul descrie relațiile cu China drept „la cel mai înalt nivel din istorie”',
    summary:
      'Moscova laudă cooperarea economică și politică cu Beijingul, în timp ce sancțiunile occidentale împing Rusia tot mai mult spre piața chineză.',
    category: 'Externe',
    tags: ['Rusia', 'China'],
    hoursAgo: 19.5,
  },
  {
    outlet: 'mediafax',
    topic: 'politica',
    title: 'Coaliția de guvernare se reunește luni pentru buget. Ce măsuri fiscale sunt pe masă',
    summary:
      'Liderii partidelor de guvernământ discută creșterea unor taxe și plafonarea cheltuielilor cu salariile din sectorul public.',
    category: 'Politic',
    tags: ['buget', 'coaliție'],
    hoursAgo: 6,
  },
  {
    outlet: 'mediafax',
    topic: 'justitie',
    title:
      'CCR a amânat din nou decizia privind pensiile magistraților, din lipsă de cvorum. Noul termen, stabilit pentru luni',
    summary:
      'Ședința Curții Constituționale nu a putut avea loc pentru că nu s-au prezentat suficienți judecători. Dezbaterea este reprogramată.',
    category: 'Justiție',
    tags: ['CCR', 'pensii speciale'],
    hoursAgo: 13,
  },
  {
    outlet: 'mediafax',
    topic: 'economie',
    title:
      'Prețul carburanților scade pentru a treia săptămână la rând. Cât costă un litru de motorină în București',
    summary:
      'Benzina standard și motorina s-au ieftinit cu câțiva bani pe litru în principalele rețele de benzinării, pe fondul scăderii cotațiilor petrolului.',
    category: 'Economic',
    tags: ['carburanți', 'prețuri'],
    hoursAgo: 18,
  },
  {
    outlet: 'mediafax',
    topic: 'social',
    title: 'Vacanța de iarnă: ce trenuri suplimentare introduce CFR Călători spre stațiunile montane',
    summary:
      'Compania suplimentează garniturile pe Valea Prahovei și spre Maramureș și introduce vagoane noi pe rutele cele mai aglomerate.',
    category: 'Social',
    tags: ['CFR', 'vacanță'],
    hoursAgo: 26,
  },
  {
    outlet: 'mediafax',
    topic: 'sport',
    title:
      'Naționala de handbal feminin a României, calificată în grupele principale ale Campionatului European',
    summary: 'Tricolorele au câștigat decisiv ultimul meci din grupă și merg mai departe cu două puncte.',
    category: 'Sport',
    tags: ['handbal'],
    hoursAgo: 30,
  },
  {
    outlet: 'mediafax',
    topic: 'economie',
    title: 'Inflația anuală a coborât sub 5%, potrivit INS. Ce produse s-au scumpit cel mai mult',
    summary:
      'Serviciile și energia au crescut cel mai mult, în timp ce unele alimente de bază s-au ieftinit.',
    category: 'Economic',
    tags: ['inflație', 'INS'],
    hoursAgo: 24.5,
  },

  // Prosport
  {
    outlet: 'prosport',
    topic: 'fotbal',
    title: 'FCSB – CFR Cluj 1-1, în derby-ul etapei. Roș-albaștrii rămân pe primul loc în Superliga',
    summary:
      'Campioana a egalat în prelungiri, după un meci tensionat, cu două cartonașe roșii și un penalty ratat de oaspeți.',
    category: 'Superliga',
    tags: ['FCSB', 'CFR Cluj'],
    hoursAgo: 4,
  },
  {
    outlet: 'prosport',
    topic: 'fotbal',
    title: 'Mercato de iarnă: Rapid negociază transferul unui atacant din Serie A',
    summary:
      'Giuleștenii au făcut o ofertă pentru un vârf de 26 de ani, care a strâns puține minute în prima parte a sezonului în Italia.',
    category: 'Fotbal intern',
    tags: ['Rapid', 'transferuri'],
    hoursAgo: 8,
  },
  {
    outlet: 'prosport',
    topic: 'tenis',
    title: 'Sorana Cîrstea s-a calificat în sferturi la Auckland, după un meci de aproape trei ore',
    summary: 'Jucătoarea noastră a revenit de la un set pierdut și a câștigat decisivul în tie-break.',
    category: 'Tenis',
    tags: ['Sorana Cîrstea', 'WTA'],
    hoursAgo: 10,
  },
  {
    outlet: 'prosport',
    topic: 'fotbal',
    title: 'Real Madrid a câștigat derby-ul cu Atletico și urcă pe primul loc în La Liga',
    summary:
      'Madrilenii s-au impus pe Bernabeu și profită de pașii greșiți făcuți de Barcelona în etapa trecută.',
    category: 'Fotbal extern',
    tags: ['Real Madrid', 'La Liga'],
    hoursAgo: 16,
  },
  {
    outlet: 'prosport',
    topic: 'sport',
    title:
      'David Popovici și-a stabilit programul pentru noul sezon: cantonament de trei săptămâni în Turcia',
    summary: 'Înotătorul va lucra în bazin lung înainte de primele concursuri ale anului.',
    category: 'Alte sporturi',
    tags: ['David Popovici', 'natație'],
    hoursAgo: 28,
  },
  {
    outlet: 'prosport',
    topic: 'fotbal',
    title:
      'Universitatea Craiova a prezentat primul transfer al iernii. Oltenii țintesc titlul în acest sezon',
    summary:
      'Mijlocașul adus de olteni a semnat pe trei ani și ar putea debuta chiar în prima etapă după pauză.',
    category: 'Superliga',
    tags: ['Universitatea Craiova', 'transferuri'],
    hoursAgo: 22,
  },

  // GSP
  {
    outlet: 'gsp',
    topic: 'fotbal',
    title: 'Clasamentul Superligii după etapa a 20-a: lupta pentru play-off se decide în ultimele runde',
    summary: 'Doar patru puncte despart locurile 4 și 9. Cum arată calculele pentru fiecare echipă.',
    category: 'Liga 1',
    tags: ['Superliga', 'clasament'],
    hoursAgo: 3.5,
  },
  {
    outlet: 'gsp',
    topic: 'fotbal',
    title: 'Selecționerul a anunțat lotul pentru amicalele din martie. Trei debutanți convocați la națională',
    summary:
      'Lista include doi jucători din Superliga și un fundaș care evoluează în liga a doua din Germania.',
    category: 'Echipa națională',
    tags: ['naționala României'],
    hoursAgo: 19,
  },
  {
    outlet: 'gsp',
    topic: 'tenis',
    title: 'Jaqueline Cristian, victorie în primul tur la Australian Open. Urmează o adversară din top 20',
    summary: 'Românca a trecut în două seturi de o jucătoare venită din calificări.',
    category: 'Tenis',
    tags: ['Jaqueline Cristian', 'Australian Open'],
    hoursAgo: 12,
  },
  {
    outlet: 'gsp',
    topic: 'fotbal',
    title:
      'Liverpool, eliminată din Cupa Ligii de o echipă din eșalonul secund. Presa britanică vorbește de „umilință”',
    summary: 'Antrenorul „cormoranilor” a rulat aproape tot lotul, iar decizia i-a costat calificarea.',
    category: 'Fotbal internațional',
    tags: ['Liverpool', 'Premier League'],
    hoursAgo: 25,
  },
  {
    outlet: 'gsp',
    topic: 'sport',
    title: 'CSM București s-a calificat în Final Four-ul Ligii Campionilor la handbal feminin',
    summary: 'Campioana României a trecut în dubla din sferturi de o echipă din Danemarca.',
    category: 'Handbal',
    tags: ['CSM București', 'handbal'],
    hoursAgo: 33,
  },
  {
    outlet: 'gsp',
    topic: 'fotbal',
    title: 'Dinamo a reziliat contractul cu un fundaș străin. Clubul pregătește două transferuri',
    summary: 'Conducerea „câinilor” vrea să întărească apărarea înaintea returului.',
    category: 'Liga 1',
    tags: ['Dinamo', 'transferuri'],
    hoursAgo: 15,
  },

  // Adevărul
  {
    outlet: 'adevarul',
    topic: 'externe',
    title:
      'Ce înseamnă apropierea dintre Rusia și China pentru Europa de Est. Analiști: „Beijingul îi oferă Moscovei spațiu de manevră”',
    summary:
      'Experții în relații internaționale explică de ce parteneriatul ruso-chinez contează pentru România și Republica Moldova.',
    category: 'Internațional',
    tags: ['Rusia', 'China', 'securitate'],
    hoursAgo: 5.5,
  },
  {
    outlet: 'adevarul',
    topic: 'externe',
    title: 'Taiwanul acuză China că a trimis zeci de avioane militare în zona sa de identificare aeriană',
    summary:
      'Ministerul Apărării de la Taipei a ridicat de urgență avioane de vânătoare și a activat sistemele de rachete.',
    category: 'Internațional',
    tags: ['China', 'Taiwan'],
    hoursAgo: 23,
  },
  {
    outlet: 'adevarul',
    topic: 'sanatate',
    title: 'Medicii avertizează: cazurile de pneumonie la copii s-au dublat față de anul trecut',
    summary:
      'Secțiile de pediatrie din marile orașe sunt aproape pline. Medicii le cer părinților să nu amâne consultul.',
    category: 'Sănătate',
    tags: ['pneumonie', 'copii'],
    hoursAgo: 8,
  },
  {
    outlet: 'adevarul',
    topic: 'politica',
    title:
      'Referendum sau lege în Parlament? Ce variante are coaliția pentru reducerea numărului de parlamentari',
    summary:
      'Juriștii explică de ce o schimbare a numărului de aleși cere, cel mai probabil, revizuirea Constituției.',
    category: 'Politică',
    tags: ['Parlament', 'Constituție'],
    hoursAgo: 21,
  },
  {
    outlet: 'adevarul',
    topic: 'economie',
    title: 'Salariul minim crește de la 1 iulie. Câți bani în plus vor primi angajații',
    summary: 'Creșterea afectează peste un milion de salariați. Cât rămâne net după plata contribuțiilor.',
    category: 'Economie',
    tags: ['salariul minim'],
    hoursAgo: 17,
  },
  {
    outlet: 'adevarul',
    topic: 'sanatate',
    title: 'De ce ne e mereu poftă de desert, chiar și după o masă copioasă. Explicația nutriționiștilor',
    summary: 'Fenomenul are un nume, „sațietatea senzorială specifică”, și o explicație evolutivă.',
    category: 'Stil de viață',
    hoursAgo: 31,
  },
  {
    outlet: 'adevarul',
    topic: 'auto',
    title:
      'Mașinile electrice second-hand se ieftinesc rapid. Cât pierde o electrică din valoare în trei ani',
    summary: 'Dealerii spun că teama legată de uzura bateriei trage în jos prețurile pe piața rulatelor.',
    category: 'Economie',
    tags: ['mașini electrice', 'piața auto'],
    hoursAgo: 15.5,
  },

  // HotNews
  {
    outlet: 'hotnews',
    topic: 'externe',
    title:
      'Miniștrii de externe din NATO, reuniune la Bruxelles: flancul estic și garanțiile pentru Ucraina, pe agendă',
    summary:
      'Aliații discută despre prezența militară în România și Polonia și despre sprijinul pe termen lung pentru Kiev.',
    category: 'Internațional',
    tags: ['NATO', 'Ucraina', 'flancul estic'],
    hoursAgo: 2.5,
  },
  {
    outlet: 'hotnews',
    topic: 'justitie',
    title:
      'Fost primar, trimis în judecată de DNA pentru luare de mită. Prejudiciul depășește 2 milioane de lei',
    summary:
      'Procurorii spun că fostul edil a condiționat atribuirea unor contracte de lucrări de plata unor sume de bani.',
    category: 'Justiție',
    tags: ['DNA', 'corupție'],
    hoursAgo: 9.5,
  },
  {
    outlet: 'hotnews',
    topic: 'economie',
    title: 'Deficitul bugetar a ajuns la 6,8% din PIB după 11 luni. Ministerul Finanțelor promite corecții',
    summary: 'Cheltuielile cu dobânzile și investițiile au crescut mai repede decât veniturile din taxe.',
    category: 'Economie',
    tags: ['deficit', 'buget'],
    hoursAgo: 27,
  },
  {
    outlet: 'hotnews',
    topic: 'tech',
    title: 'Atacuri cibernetice asupra spitalelor din România: DNSC cere actualizarea urgentă a sistemelor',
    summary:
      'Directoratul Național de Securitate Cibernetică a transmis o alertă către toate unitățile medicale.',
    category: 'Tech',
    tags: ['securitate cibernetică', 'DNSC'],
    hoursAgo: 12.5,
  },
  {
    outlet: 'hotnews',
    topic: 'politica',
    title: 'Guvernul adoptă astăzi ordonanța privind pensiile speciale. Ce se schimbă pentru magistrați',
    summary:
      'Proiectul prevede creșterea treptată a vârstei de pensionare și plafonarea pensiei la nivelul ultimului salariu.',
    category: 'Politică',
    tags: ['pensii speciale', 'Guvern'],
    hoursAgo: 1,
  },
  {
    outlet: 'hotnews',
    topic: 'meteo',
    title: 'Cod galben de ceață densă în 12 județe. Vizibilitatea scade sub 50 de metri',
    summary: 'Avertizarea ANM este valabilă până la prânz. Șoferii sunt sfătuiți să circule cu prudență.',
    category: 'Actualitate',
    tags: ['ANM', 'cod galben'],
    hoursAgo: 0.5,
  },
  {
    outlet: 'hotnews',
    topic: 'sanatate',
    title: 'Ministerul Sănătății: vaccinul antigripal rămâne gratuit în farmacii încă o lună',
    summary: 'Persoanele din grupele de risc se pot vaccina pe bază de prescripție de la medicul de familie.',
    category: 'Sănătate',
    tags: ['gripă', 'vaccinare'],
    hoursAgo: 16,
  },
  {
    outlet: 'hotnews',
    topic: 'auto',
    title: 'Vânzările de mașini electrice în Europa au crescut cu 25% în ultimul trimestru',
    summary: 'Datele asociației producătorilor arată că modelele mai ieftine au tras piața în sus.',
    category: 'Economie',
    tags: ['mașini electrice', 'piața auto'],
    hoursAgo: 30.5,
  },

  // Libertatea
  {
    outlet: 'libertatea',
    topic: 'showbiz',
    title:
      'Cât costă rochia purtată de o prezentatoare TV la gala de Revelion. Detaliul care a atras toate privirile',
    summary: 'Ținuta semnată de un designer român a devenit subiect de discuție pe rețelele sociale.',
    category: 'Showbiz',
    hoursAgo: 6.5,
  },
  {
    outlet: 'libertatea',
    topic: 'social',
    title: 'Un șofer a fost prins cu 210 km/h pe Autostrada Soarelui. Ce le-a spus polițiștilor',
    summary: 'Bărbatul a rămas fără permis pentru 90 de zile și a primit o amendă de peste 3.000 de lei.',
    category: 'Știri',
    tags: ['Autostrada Soarelui', 'viteză'],
    hoursAgo: 4.5,
  },
  {
    outlet: 'libertatea',
    topic: 'sanatate',
    title: 'Ce să mănânci iarna ca să-ți întărești imunitatea. Lista alimentelor recomandate de medici',
    summary:
      'Citricele, varza murată și peștele gras sunt printre alimentele care nu ar trebui să lipsească din meniu.',
    category: 'Sănătate',
    tags: ['imunitate', 'alimentație'],
    hoursAgo: 34,
  },
  {
    outlet: 'libertatea',
    topic: 'meteo',
    title: 'Vremea se schimbă radical de la jumătatea săptămânii. ANM anunță ploi, lapoviță și ninsori',
    summary:
      'Temperaturile scad cu până la 10 grade în sudul țării, iar la munte stratul de zăpadă va depăși 30 de centimetri.',
    category: 'Meteo',
    tags: ['ANM', 'vremea'],
    hoursAgo: 7.5,
  },
  {
    outlet: 'libertatea',
    topic: 'politica',
    title: 'Sondaj: câți români cred că țara merge într-o direcție greșită',
    summary:
      'Neîncrederea în partide și în Parlament rămâne la cote ridicate, potrivit celui mai recent barometru.',
    category: 'Politică',
    tags: ['sondaj'],
    hoursAgo: 24,
  },
  {
    outlet: 'libertatea',
    topic: 'externe',
    title: 'Un oraș din Rusia, lovit de drone ucrainene. Autoritățile locale anunță pagube la o rafinărie',
    summary: 'Atacul a provocat un incendiu la una dintre instalații. Nu au fost raportate victime.',
    category: 'Știri externe',
    tags: ['Rusia', 'Ucraina', 'război'],
    hoursAgo: 3,
  },
  {
    outlet: 'libertatea',
    topic: 'tenis',
    title: 'Simona Halep, invitată de onoare la un turneu de tenis pentru juniori din București',
    summary: 'Fostul lider mondial a stat de vorbă cu tinerii jucători și a împărțit autografe.',
    category: 'Sport',
    tags: ['Simona Halep', 'tenis'],
    hoursAgo: 21.5,
  },
  {
    outlet: 'libertatea',
    topic: 'economie',
    title: 'Dobânzile la depozite scad. Unde mai primești cele mai mari randamente pentru economiile în lei',
    summary: 'Titlurile de stat rămân mai avantajoase decât majoritatea depozitelor bancare pe un an.',
    category: 'Bani',
    tags: ['dobânzi', 'economii'],
    hoursAgo: 11,
  },
  {
    outlet: 'libertatea',
    topic: 'fotbal',
    title:
      'Comisia de Disciplină a deschis o anchetă după derby-ul FCSB – CFR Cluj. Ce riscă cele două cluburi',
    summary:
      'Incidentele din tribune și conflictul de la finalul meciului sunt analizate de comisie săptămâna viitoare.',
    category: 'Sport',
    tags: ['FCSB', 'CFR Cluj'],
    hoursAgo: 2.5,
  },

  // Promotor
  {
    outlet: 'promotor',
    topic: 'auto',
    title: 'Dacia Bigster primește o versiune hibridă mai puternică. Prețurile pentru România',
    summary: 'SUV-ul românesc va fi oferit cu un sistem full-hybrid de 155 CP și cutie automată.',
    category: 'Mașini noi',
    tags: ['Dacia', 'hibrid'],
    hoursAgo: 5,
  },
  {
    outlet: 'promotor',
    topic: 'auto',
    title: 'Programul Rabla pentru mașini electrice: cât este prima de casare și când se pot depune dosarele',
    summary:
      'AFM a publicat ghidul programului. Persoanele fizice pot primi un voucher pentru o mașină electrică nouă.',
    category: 'Electrice',
    tags: ['Rabla', 'mașini electrice'],
    hoursAgo: 11.5,
  },
  {
    outlet: 'promotor',
    topic: 'auto',
    title: 'Înmatriculările de mașini noi au crescut cu 12% în România. Ce mărci conduc topul',
    summary: 'Dacia rămâne lider detașat, iar mașinile hibride au depășit pentru prima dată motorinele.',
    category: 'Piață auto',
    tags: ['înmatriculări', 'Dacia'],
    hoursAgo: 20.5,
  },
  {
    outlet: 'promotor',
    topic: 'auto',
    title: 'Rovinieta se scumpește. Cât vor plăti șoferii de autoturisme de la 1 martie',
    summary:
      'Tarifele cresc pentru toate categoriile de vehicule. Cât costă rovinieta pentru 7 zile, o lună și un an.',
    category: 'Legislație',
    tags: ['rovinietă', 'CNAIR'],
    hoursAgo: 14.5,
  },
  {
    outlet: 'promotor',
    topic: 'auto',
    title: 'Test drive Renault 5 E-Tech: merită micul electric francez banii ceruți în România?',
    summary:
      'Am condus noul Renault 5 o săptămână, prin oraș și pe autostradă. Ce autonomie reală are iarna.',
    category: 'Teste',
    tags: ['Renault', 'mașini electrice'],
    hoursAgo: 29,
  },
  {
    outlet: 'promotor',
    topic: 'auto',
    title: 'Un tuner german a desenat viitoarea Dacia C-Neo. Cum ar putea arăta compacta românească',
    summary:
      'Randările pornesc de la conceptul prezentat de Dacia și imaginează o versiune break mai sportivă.',
    category: 'Mașini noi',
    tags: ['Dacia'],
    hoursAgo: 32,
  },

  // Descopera
  {
    outlet: 'descopera',
    topic: 'stiinta',
    title:
      'Telescopul James Webb a detectat vapori de apă în atmosfera unei exoplanete aflate la 120 de ani-lumină',
    summary: 'Planeta, de câteva ori mai mare decât Pământul, orbitează în zona locuibilă a stelei sale.',
    category: 'Spațiu',
    tags: ['James Webb', 'exoplanete'],
    hoursAgo: 10.5,
  },
  {
    outlet: 'descopera',
    topic: 'sanatate',
    title: 'Anul medicamentelor împotriva obezității: ce știm despre noile tratamente și cui se adresează',
    summary:
      'Noile medicamente reduc apetitul și pot scădea greutatea cu până la 20%, dar nu sunt potrivite pentru oricine.',
    category: 'Sănătate',
    tags: ['obezitate', 'medicamente'],
    hoursAgo: 18.5,
  },
  {
    outlet: 'descopera',
    topic: 'stiinta',
    title: 'De ce uităm visele la câteva minute după ce ne trezim. Ce spun neurologii',
    summary:
      'Creierul nu stochează aproape nimic din ce trăim în faza REM, iar explicația ține de un neurotransmițător.',
    category: 'Știință',
    hoursAgo: 26.5,
  },
  {
    outlet: 'descopera',
    topic: 'tech',
    title: 'Cum funcționează calculatoarele cuantice și de ce ar putea schimba criptografia',
    summary:
      'Qubiții pot rezolva unele probleme imposibile pentru calculatoarele clasice, inclusiv spargerea unor coduri.',
    category: 'Tehnologie',
    tags: ['calculatoare cuantice'],
    hoursAgo: 35,
  },
  {
    outlet: 'descopera',
    topic: 'stiinta',
    title: 'O fortificație dacică necunoscută, descoperită în Munții Orăștiei. Ce au găsit arheologii',
    summary: 'Săpăturile au scos la iveală ziduri de piatră, unelte de fier și monede romane republicane.',
    category: 'Istorie',
    tags: ['daci', 'arheologie'],
    hoursAgo: 22.5,
  },
  {
    outlet: 'descopera',
    topic: 'stiinta',
    title: 'Antarctica pierde gheață mai repede decât estimau cercetătorii. Ce înseamnă pentru nivelul mării',
    summary: 'Măsurătorile din satelit arată o accelerare a topirii ghețarilor din vestul continentului.',
    category: 'Știință',
    tags: ['Antarctica', 'schimbări climatice'],
    hoursAgo: 13.5,
  },

  // Cancan
  {
    outlet: 'cancan',
    topic: 'showbiz',
    title: 'Imagini EXCLUSIVE cu un cunoscut cântăreț și noua lui iubită, la o cafenea din centrul Capitalei',
    summary: 'Cei doi nu s-au ferit de privirile curioșilor și au plecat împreună, ținându-se de mână.',
    category: 'Exclusiv',
    hoursAgo: 2,
  },
  {
    outlet: 'cancan',
    topic: 'showbiz',
    title:
      'O prezentatoare TV celebră, dezvăluiri despre perioada în care a vrut să renunțe la televiziune: „Am plâns nopți întregi”',
    summary: 'Vedeta a povestit pentru prima dată cum a trecut peste cel mai greu an din carieră.',
    category: 'Vedete',
    hoursAgo: 8.5,
  },
  {
    outlet: 'cancan',
    topic: 'showbiz',
    title:
      'Poveștile de iubire care nu au rezistat timpului. Cuplurile de vedete care s-au despărțit anul acesta',
    summary:
      'De la despărțiri discrete la scandaluri cu avocați, anul a fost unul agitat pentru vedetele de la noi.',
    category: 'Showbiz',
    hoursAgo: 16.5,
  },
  {
    outlet: 'cancan',
    topic: 'showbiz',
    title: 'Horoscop săptămânal: zodiile care au noroc la bani în ultimele zile ale lunii',
    summary: 'Taurii primesc o veste bună la serviciu, iar Vărsătorii trebuie să fie atenți la cheltuieli.',
    category: 'Horoscop',
    tags: ['horoscop'],
    hoursAgo: 12,
  },
  {
    outlet: 'cancan',
    topic: 'showbiz',
    title: 'Un fost concurent de reality show își deschide restaurant în Pipera. Cât costă un meniu',
    summary: 'Afacerea a costat peste 200.000 de euro, iar meniul zilei pornește de la 45 de lei.',
    category: 'Vedete',
    hoursAgo: 27.5,
  },

  // Evenimentul Zilei: the demo publisher's own outlet, so never in its own box (but in other publishers').
  {
    outlet: 'evz',
    topic: 'social',
    title: 'Cozi uriașe la Vama Nădlac înainte de sărbători. Recomandările Poliției de Frontieră',
    summary:
      'Timpul de așteptare la ieșirea din țară a depășit două ore. Polițiștii recomandă și alte puncte de trecere.',
    category: 'Actualitate',
    tags: ['Poliția de Frontieră'],
    hoursAgo: 4,
  },
  {
    outlet: 'evz',
    topic: 'externe',
    title: 'Uniunea Europeană pregătește un nou pachet de sancțiuni împotriva Rusiei',
    summary:
      'Noile măsuri vizează flota „din umbră” care transportă petrol rusesc și mai multe bănci din țări terțe.',
    category: 'Externe',
    tags: ['UE', 'Rusia', 'sancțiuni'],
    hoursAgo: 9,
  },
];
