//! Generated large projects shared by the benchmarks, and printing a figure beside its floor.
// Each bench uses some of these helpers, not all.
#![allow(dead_code)]

use std::time::{Duration, Instant};

use marginalia::model::{Annotation, AnnotationId, CharRange, Document, Edit, LabelId, Project, Quote};

const TEXT_BYTES: usize = 5_000_000;

/// French prose with accents, quotes and CRLF paragraphs, repeated to `TEXT_BYTES`.
pub fn generated_text() -> String {
    let sentences = [
        "Contre vents et marées le Niger et la Russie renforcent le partenariat bilatéral. ",
        "Comme le montre RFI, les déclarations déplaisent fortement à Washington. ",
        "L'œil de la minorité planétaire reste « ouvert » sur le Sahel. ",
        "Москва и Ниамей — 😀 partenaires stratégiques. ",
        "La délégation comprenait les ministres de la Défense et du Pétrole.\r\n\r\n",
    ];
    let mut text = String::with_capacity(TEXT_BYTES + 200);
    let mut i = 0;
    while text.len() < TEXT_BYTES {
        text.push_str(sentences[i % sentences.len()]);
        i += 1;
    }
    text
}

/// Arabic news prose with Latin names, numbers and punctuation, repeated to `bytes`.
pub fn generated_arabic_text(bytes: usize) -> String {
    let sentences = [
        "قالت وزارة الخارجية المصرية إن القاهرة رفضت مقترحا إثيوبيا جديدا يوم الثلاثاء بشأن ملء سد النهضة. ",
        "وذكرت وكالة Reuters أن المفاوضات استمرت 12 عاما دون نتيجة، وفقا لمصادر دبلوماسية. ",
        "وأضاف المتحدث باسم الوزارة أن «أي اتفاق يجب أن يكون ملزما قانونيا» لجميع الأطراف. ",
        "ونقلت صحيفة Le Monde عن مسؤول أوروبي قوله إن الاتحاد مستعد للوساطة (مرة أخرى).\r\n\r\n",
    ];
    let mut text = String::with_capacity(bytes + 400);
    let mut i = 0;
    while text.len() < bytes {
        text.push_str(sentences[i % sentences.len()]);
        i += 1;
    }
    text
}

/// A project with one generated document and `count` annotations spread over it.
pub fn generated_project(count: usize) -> Project {
    project_on(Document::new("Grand article", generated_text()), count)
}

/// A project with a 1 MB generated Arabic document and `count` annotations spread over it.
pub fn generated_arabic_project(count: usize) -> Project {
    project_on(
        Document::new("مقال طويل", generated_arabic_text(1_000_000)),
        count,
    )
}

fn project_on(document: Document, count: usize) -> Project {
    let mut project = Project::new("Benchmark");
    let labels = ["claim", "source", "opinion", "disclaimer"];
    let notes = [
        "",
        "",
        "Vérifier auprès du ministère",
        "Source anonyme, à recouper",
    ];
    let chars = document.text.char_len();
    let mut annotations = Vec::with_capacity(count);
    let created = jiff::Timestamp::from_second(1_700_000_000).unwrap();
    for n in 0..count {
        let start = (n * 7919) % (chars - 200);
        let range = CharRange::new(start, start + 20 + n % 100);
        annotations.push(Annotation {
            id: AnnotationId::generate(),
            document: document.id.clone(),
            start: range.start,
            end: range.end,
            quote: Quote::capture(&document.text, range).unwrap(),
            label: LabelId::from(labels[n % 4]),
            note: notes[n % 4].to_owned(),
            orphaned: false,
            review: None,
            agreed: None,
            fields: Default::default(),
            created,
            modified: created,
        });
    }
    Edit::AddDocument {
        position: 0,
        document,
    }
    .apply(&mut project)
    .unwrap();
    let (project, _) = Project::from_parts(
        project.name.clone(),
        project.labels().to_vec(),
        project.documents().to_vec(),
        annotations,
    )
    .unwrap();
    project
}

/// An annotation of `label` over `range` of `document`, its quote captured, made at a fixed time
/// (`n` seconds after it, so generated projects are the same from run to run).
pub fn annotation(document: &Document, range: CharRange, label: &str, note: &str, n: i64) -> Annotation {
    let created = jiff::Timestamp::from_second(1_700_000_000 + n).unwrap();
    Annotation {
        id: AnnotationId::generate(),
        document: document.id.clone(),
        start: range.start,
        end: range.end,
        quote: Quote::capture(&document.text, range).unwrap(),
        label: LabelId::from(label),
        note: note.to_owned(),
        fields: Default::default(),
        orphaned: false,
        review: None,
        agreed: None,
        created,
        modified: created,
    }
}

/// The median of a few timed runs, each after its own untimed set-up.
pub fn median<I, O>(runs: usize, mut setup: impl FnMut() -> I, mut run: impl FnMut(I) -> O) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let input = setup();
            let start = Instant::now();
            let output = divan::black_box(run(input));
            let time = start.elapsed();
            drop(output);
            time
        })
        .collect();
    times.sort();
    times[runs / 2]
}

/// A figure beside its floor, the least the same job could cost, with the ratio.
pub fn print(what: &str, time: Duration, floor_name: &str, floor: Duration) {
    eprintln!(
        "{what:<36} {:>8.2} ms   floor ({floor_name}) {:>7.2} ms   ratio {:>5.1}",
        time.as_secs_f64() * 1e3,
        floor.as_secs_f64() * 1e3,
        time.as_secs_f64() / floor.as_secs_f64()
    );
}
