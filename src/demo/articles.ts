// The sample articles of the demo pages: one per topic, so a newcomer sees the box follow the article.

import { DEMO_HOME_OUTLET, demoUrl } from './outlets.js';

export interface DemoArticle {
  /** The path segment after /demo/. */
  topic: string;
  /** The label of the topic in the demo's navigation. */
  label: string;
  title: string;
  section: string;
  keywords: string[];
  description: string;
  lead: string;
  /** Paragraphs; one starting with "## " is a subheading. */
  body: string[];
  author: string;
  hoursAgo: number;
  canonical: string;
}

type Draft = Omit<DemoArticle, 'canonical'>;

const article = (draft: Draft): DemoArticle => ({
  ...draft,
  canonical: demoUrl(DEMO_HOME_OUTLET, draft.title, draft.section),
});

/** The article of /demo itself: the geopolitics story the seed page was about. */
export const DEFAULT_ARTICLE: DemoArticle = article({
  topic: 'externe',
  label: 'Externe',
  title: 'Xi Jinping îi promite lui Putin sprijin în disputa cu Occidentul privind garanțiile de securitate',
  section: 'Externe',
  keywords: ['Xi Jinping', 'Vladimir Putin', 'China', 'Rusia', 'NATO', 'garanții de securitate'],
  description:
    'Liderii Chinei și Rusiei au vorbit peste o oră prin videoconferință. Beijingul susține cererea Moscovei ca NATO să nu se mai extindă spre est.',
  lead: 'Președintele chinez Xi Jinping și-a exprimat sprijinul pentru cererea Rusiei de a obține din partea Statelor Unite și a NATO „garanții de securitate”, într-o convorbire video de peste o oră cu Vladimir Putin, urmărită atent la Washington și la Bruxelles.',
  body: [
    'Cei doi lideri au discutat miercuri despre tensiunile dintre Moscova și Occident, pe fondul concentrărilor de trupe rusești de la granița cu Ucraina. Potrivit presei de stat de la Beijing, convorbirea a început în jurul orei 16:00, ora Chinei, și s-a încheiat după mai bine de 70 de minute.',
    'Kremlinul a prezentat întâlnirea virtuală drept una „caldă și prietenoasă”. Vladimir Putin s-a adresat omologului său numindu-l „prieten drag” și a afirmat că relațiile dintre cele două țări nu au fost niciodată mai strânse.',
    '## Ce cere Moscova',
    'Rusia vrea un angajament scris că Alianța Nord-Atlantică nu va primi noi membri din fostul spațiu sovietic, în primul rând Ucraina și Georgia, și că nu va amplasa sisteme de arme ofensive în apropierea frontierelor sale. Washingtonul și aliații europeni au respins până acum ideea unui drept de veto al Moscovei asupra politicii de extindere a NATO.',
    'Consilierul diplomatic al președintelui rus a declarat, după convorbire, că partea chineză „înțelege îngrijorările” Rusiei și susține ca acestea să fie tratate cu seriozitate în negocierile cu americanii. Beijingul nu a anunțat însă măsuri concrete.',
    '## Un parteneriat cu limite',
    'Analiștii notează că apropierea dintre Moscova și Beijing are și o dimensiune economică tot mai importantă: comerțul bilateral a atins un nivel record, iar proiectele energetice comune s-au înmulțit după ce Rusia a fost lovită de sancțiuni occidentale. În același timp, China evită să se implice direct într-un eventual conflict din Europa de Est.',
    'Putin și-a exprimat speranța că îl va putea întâlni pe Xi față în față la începutul anului viitor, la Beijing, cu ocazia deschiderii Jocurilor Olimpice de iarnă, pe care mai multe state occidentale au anunțat că le vor boicota diplomatic.',
    'Pentru România și pentru celelalte state de pe flancul estic al NATO, mesajul comun al celor două capitale este un semnal că negocierile privind arhitectura de securitate europeană vor fi lungi și dificile.',
  ],
  author: 'Redacția Externe',
  hoursAgo: 1,
});

export const DEMO_ARTICLES: readonly DemoArticle[] = [
  DEFAULT_ARTICLE,
  article({
    topic: 'sport',
    label: 'Sport',
    title: 'FCSB și CFR Cluj au remizat într-un derby cu nervi. Ce urmează în lupta pentru titlu',
    section: 'Sport',
    keywords: ['FCSB', 'CFR Cluj', 'Superliga', 'fotbal', 'derby'],
    description:
      'Derby-ul etapei din Superliga s-a încheiat la egalitate, 1-1, după un gol marcat în prelungiri. Clasamentul rămâne strâns în fruntea Superligii.',
    lead: 'FCSB a smuls un egal pe final în derby-ul cu CFR Cluj, scor 1-1, într-un meci cu două eliminări, un penalty ratat și o atmosferă încinsă pe Arena Națională. Roș-albaștrii rămân lideri în Superliga, dar avansul s-a subțiat.',
    body: [
      'Ardelenii au deschis scorul la începutul reprizei secunde, după o fază fixă: o lovitură liberă executată în careu a fost reluată din prima la colțul lung. Gazdele au apăsat până la final, iar egalarea a venit în minutul 90+3, cu un șut de la marginea careului deviat de un apărător.',
      'Meciul a fost tensionat încă din primele minute. Arbitrul a arătat două cartonașe roșii, câte unul pentru fiecare echipă, iar oaspeții au avut ocazia să se desprindă la 2-0, dar au ratat o lovitură de la 11 metri.',
      '## Calculele din fruntea clasamentului',
      'După acest rezultat, primele trei clasate sunt despărțite de doar cinci puncte. Universitatea Craiova poate profita în etapa viitoare, când joacă acasă, în timp ce FCSB are o deplasare dificilă la Rapid.',
      'Antrenorul gazdelor a spus după meci că echipa a arătat caracter și că rezultatul „se poate dovedi important în play-off”. Tehnicianul clujenilor s-a plâns de arbitraj și a cerut explicații pentru o fază de penalty nesancționată în prima repriză.',
      'Cele două echipe se vor întâlni din nou în play-off, unde punctele se înjumătățesc, iar un singur meci poate schimba ierarhia.',
    ],
    author: 'Redacția Sport',
    hoursAgo: 3,
  }),
  article({
    topic: 'auto',
    label: 'Auto',
    title: 'Mașinile electrice, tot mai căutate în România: ce trebuie să știi înainte să cumperi una',
    section: 'Auto',
    keywords: ['mașini electrice', 'Rabla', 'autonomie', 'încărcare', 'Dacia', 'piața auto'],
    description:
      'Autonomia reală iarna, costul încărcării acasă și la stațiile rapide, programul Rabla și valoarea la revânzare: ce contează la o mașină electrică.',
    lead: 'Tot mai mulți români se gândesc să treacă la o mașină electrică, iar oferta de modele accesibile a crescut. Înainte de a semna contractul, merită să faci câteva calcule: autonomia reală, unde vei încărca și cât te costă, de fapt, un kilometru.',
    body: [
      'Autonomia din fișa tehnică este măsurată în condiții ideale. Iarna, la temperaturi negative și cu încălzirea pornită, o mașină electrică poate parcurge cu 20–30% mai puțini kilometri. Pentru drumurile lungi, contează și viteza de încărcare în stațiile rapide de pe autostradă.',
      '## Încărcarea acasă face diferența',
      'Cei care pot încărca peste noapte, acasă sau la birou, plătesc cel mai puțin pe kilometru: la tarifele actuale, un plin pentru 300 de kilometri costă cât câțiva litri de benzină. În schimb, încărcarea exclusiv la stațiile rapide publice poate face ca diferența de cost față de o mașină pe benzină să dispară aproape complet.',
      'Programul Rabla rămâne un argument important. Prima de casare și voucherul pentru mașini electrice reduc semnificativ prețul de achiziție, dar bugetul programului se epuizează de obicei în câteva zile, așa că dosarul trebuie pregătit din timp.',
      '## Ce se întâmplă la revânzare',
      'Valoarea reziduală a mașinilor electrice scade mai repede decât a celor cu motor termic, mai ales în cazul modelelor cu baterii mici. Specialiștii recomandă verificarea garanției bateriei, de regulă opt ani, și a stării acesteia printr-un test de diagnoză înainte de a cumpăra un model second-hand.',
      'Pentru un șofer care parcurge zilnic distanțe scurte prin oraș și are unde să încarce, o electrică poate fi cea mai ieftină mașină de întreținut. Pentru cine face des drumuri lungi în afara orașului, o versiune hibridă poate fi, deocamdată, un compromis mai bun.',
    ],
    author: 'Redacția Auto',
    hoursAgo: 6,
  }),
  article({
    topic: 'sanatate',
    label: 'Sănătate',
    title: 'Sezonul gripal, în plină ascensiune: medicii recomandă vaccinarea și prudență în aglomerații',
    section: 'Sănătate',
    keywords: ['gripă', 'vaccin antigripal', 'infecții respiratorii', 'INSP', 'sănătate'],
    description:
      'Numărul infecțiilor respiratorii crește de la o săptămână la alta. Ce simptome trebuie urmărite și când e nevoie de medic.',
    lead: 'Numărul infecțiilor respiratorii acute a crescut accentuat în ultimele săptămâni, iar medicii de familie spun că sezonul gripal abia începe. Vaccinarea este încă utilă, iar câteva măsuri simple pot reduce riscul de îmbolnăvire.',
    body: [
      'Potrivit datelor Institutului Național de Sănătate Publică, cele mai multe cazuri sunt raportate la copiii de vârstă preșcolară și la persoanele peste 65 de ani. Spitalele de boli infecțioase din marile orașe au început deja să amâne internările programate.',
      '## Cum deosebești gripa de o răceală',
      'Gripa debutează brusc, cu febră mare, frisoane, dureri musculare și o stare de oboseală accentuată. Răceala se instalează treptat și este dominată de nasul înfundat și de durerea în gât. Medicii atrag atenția că primele 48 de ore sunt cele în care tratamentul antiviral, atunci când este indicat, are cel mai mare efect.',
      'Semnele care impun un consult de urgență sunt respirația dificilă, febra care nu scade după trei zile, durerea în piept și confuzia, mai ales la vârstnici și la persoanele cu boli cronice.',
      '## Vaccinarea nu e prea târzie',
      'Imunitatea se formează în aproximativ două săptămâni de la vaccinare, iar sezonul gripal durează de obicei până în martie. Vaccinul antigripal este gratuit pentru grupele de risc și poate fi administrat la medicul de familie sau în farmaciile autorizate.',
      'Spălatul frecvent pe mâini, aerisirea încăperilor și statul acasă atunci când ai simptome rămân, spun specialiștii, cele mai eficiente măsuri pentru a limita răspândirea virusurilor respiratorii.',
    ],
    author: 'Redacția Sănătate',
    hoursAgo: 2,
  }),
  article({
    topic: 'economie',
    label: 'Economie',
    title: 'Inflația încetinește, dar ratele rămân mari: ce urmează pentru dobânzi după ședința BNR',
    section: 'Economie',
    keywords: ['BNR', 'inflație', 'dobânzi', 'IRCC', 'credite', 'economie'],
    description:
      'Banca Națională a păstrat dobânda-cheie neschimbată. Economiștii spun când ar putea începe scăderea ratelor la credite.',
    lead: 'Banca Națională a României a lăsat neschimbată dobânda de politică monetară, deși inflația a continuat să scadă. Pentru românii cu credite în lei, asta înseamnă că ratele nu vor coborî semnificativ în următoarele luni.',
    body: [
      'Decizia a fost anticipată de majoritatea analiștilor. Banca centrală invocă incertitudinile legate de politica fiscală și de evoluția prețurilor la energie, care ar putea readuce presiuni inflaționiste în a doua parte a anului.',
      '## Ce se întâmplă cu IRCC',
      'Indicele de referință pentru creditele consumatorilor, folosit pentru majoritatea împrumuturilor ipotecare noi, se calculează cu o întârziere de câteva luni față de piața monetară. Chiar dacă dobânzile interbancare au început să scadă, efectul asupra ratelor se va vedea abia spre finalul anului.',
      'Economiștii băncilor comerciale estimează că prima reducere a dobânzii-cheie ar putea veni în a doua jumătate a anului, dacă deficitul bugetar va fi ținut sub control și inflația va continua să coboare.',
      '## Sfaturi pentru cei cu credite',
      'Consultanții financiari recomandă celor cu dobânzi variabile să compare oferta băncii proprii cu cele de refinanțare și să verifice costul total al creditului, nu doar rata lunară. Pentru economiile în lei, depozitele și titlurile de stat oferă încă randamente peste inflație.',
    ],
    author: 'Redacția Economie',
    hoursAgo: 4,
  }),
];
