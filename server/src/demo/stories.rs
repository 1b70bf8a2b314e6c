//! What the demo's customers write, in their own languages, and how agents answer: eight
//! topics a contact center sees every day, each as German, Japanese, Arabic, Spanish,
//! French and English mail. (Written for the demo; agents answer in English.)

/// One topic: the queue it belongs to and the agent's first answer.
pub struct Topic {
    pub billing: bool,
    pub answer: &'static str,
    /// The leaf disposition a closed one gets, and its depth (2 or 3 levels).
    pub disposition: &'static str,
}

pub const TOPICS: [Topic; 8] = [
    Topic { billing: false, disposition: "Replacement sent",
        answer: "Thank you for the photos. We are sorry the order arrived damaged.\n\nReplacements are on their way today; you will get the tracking number by email. There is no need to send the broken items back." },
    Topic { billing: true, disposition: "Billing team",
        answer: "Thank you for pointing this out. The second charge was a duplicate and we have refunded it.\n\nThe money reaches your account within 5 to 7 business days." },
    Topic { billing: false, disposition: "Configuration",
        answer: "The reset link is valid for 30 minutes. We have sent you a new one just now.\n\nIf it still expires, please tell us which browser you use and we will set the password with you by phone." },
    Topic { billing: false, disposition: "Answered question",
        answer: "We have changed the delivery address of all your open orders to the new one.\n\nOrders placed from today use it automatically." },
    Topic { billing: true, disposition: "Answered question",
        answer: "Your refund was approved on our side. Banks take 5 to 7 business days to show it.\n\nIf it has not arrived by then, reply to this email and we will send you the transfer receipt." },
    Topic { billing: true, disposition: "Upgrade",
        answer: "For a team of your size the business plan costs 18 EUR per seat and month, billed yearly.\n\nShall we switch you over from the first of next month?" },
    Topic { billing: false, disposition: "Tier 2",
        answer: "The device is covered by the warranty. We have created a return label for you; print it and take the parcel to any post office.\n\nOur technicians will contact you once it arrives." },
    Topic { billing: true, disposition: "Answered question",
        answer: "Please find your contract attached to our next email. You can also download it at any time under Account → Documents." },
];

/// (language, subject, body) of topic `topic` in `language`.
pub fn customer_mail(language: &str, topic: usize) -> (&'static str, &'static str) {
    let texts: [(&str, &str); 8] = match language {
        "de" => [
            ("Lieferung beschädigt angekommen", "Guten Tag,\n\ndie Lieferung kam gestern an, aber zwei Teller waren zerbrochen. Fotos anbei.\n\nMit freundlichen Grüßen"),
            ("Rechnung doppelt abgebucht", "Sehr geehrte Damen und Herren,\n\nauf meinem Kontoauszug sehe ich die Novemberrechnung zweimal. Bitte erstatten Sie den doppelten Betrag.\n\nMit freundlichen Grüßen"),
            ("Passwort lässt sich nicht zurücksetzen", "Hallo,\n\nder Link zum Zurücksetzen ist jedes Mal schon abgelaufen, wenn ich ihn öffne. Was kann ich tun?\n\nDanke und Gruß"),
            ("Neue Lieferadresse ab Montag", "Guten Tag,\n\nwir sind umgezogen. Bitte liefern Sie alle offenen Bestellungen ab Montag an die neue Adresse: Hafenstraße 12, 20457 Hamburg.\n\nViele Grüße"),
            ("Erstattung noch nicht erhalten", "Hallo,\n\nSie hatten mir vor zwei Wochen eine Erstattung zugesagt. Bisher ist nichts auf meinem Konto eingegangen.\n\nGruß"),
            ("Wechsel auf den Business-Tarif", "Guten Tag,\n\nwir möchten mit 12 Mitarbeitern auf den Business-Tarif wechseln. Was kostet das pro Platz?\n\nBeste Grüße"),
            ("Garantiefall Bohrmaschine X200", "Hallo,\n\nmeine Bohrmaschine X200 funktioniert nach vier Monaten nicht mehr. Wie schicke ich sie ein?\n\nGruß"),
            ("Kopie meines Vertrags", "Guten Tag,\n\nkönnten Sie mir bitte eine Kopie meines Vertrags vom März als PDF schicken? Ich brauche sie für die Buchhaltung.\n\nDanke"),
        ],
        "ja" => [
            ("商品が破損して届きました", "お世話になっております。\n\n昨日届いた商品のうち、お皿が2枚割れていました。写真を添付します。交換をお願いできますか。\n\nよろしくお願いいたします。"),
            ("請求が二重になっています", "お世話になっております。\n\n11月分の請求が二回引き落とされています。確認のうえ返金をお願いいたします。"),
            ("パスワードを再設定できません", "こんにちは。\n\n再設定用のリンクを開くと、いつも期限切れと表示されます。どうすればよいでしょうか。"),
            ("配送先住所の変更", "お世話になっております。\n\n来週月曜日から、すべての注文を新しい住所に配送してください。東京都港区芝公園4-2-8。"),
            ("返金がまだ届いていません", "こんにちは。\n\n二週間前に返金のご連絡をいただきましたが、まだ口座に入金されていません。"),
            ("ビジネスプランへの変更について", "お世話になっております。\n\n12名のチームでビジネスプランに変更したいと考えています。1名あたりの料金を教えてください。"),
            ("ドリルX200の保証修理", "こんにちは。\n\n購入から4か月でドリルが動かなくなりました。保証期間内ですが、どのように送ればよいですか。"),
            ("契約書の写しをお願いします", "お世話になっております。\n\n3月に締結した契約書のPDFを送っていただけますか。経理で必要です。"),
        ],
        "ar" => [
            ("وصل الطلب تالفًا", "مرحبًا،\n\nوصل طلبي أمس لكن طبقين كانا مكسورين. أرفقت الصور. هل يمكنكم إرسال بديل؟\n\nشكرًا"),
            ("تم خصم الفاتورة مرتين", "السلام عليكم،\n\nظهرت فاتورة شهر نوفمبر مرتين في كشف حسابي. أرجو استرداد المبلغ المكرر."),
            ("لا أستطيع إعادة تعيين كلمة المرور", "مرحبًا،\n\nرابط إعادة التعيين ينتهي دائمًا قبل أن أستخدمه. ماذا أفعل؟"),
            ("تغيير عنوان التوصيل", "مرحبًا،\n\nانتقلنا إلى مكتب جديد. يرجى توصيل جميع الطلبات المفتوحة إلى العنوان الجديد ابتداءً من يوم الاثنين."),
            ("لم يصلني المبلغ المسترد", "مرحبًا،\n\nوعدتموني باسترداد المبلغ قبل أسبوعين، ولم يصل شيء إلى حسابي حتى الآن."),
            ("الترقية إلى خطة الأعمال", "السلام عليكم،\n\nنريد نقل فريقنا المكون من 12 شخصًا إلى خطة الأعمال. كم السعر لكل مستخدم؟"),
            ("مطالبة بالضمان للمثقاب X200", "مرحبًا،\n\nتوقف المثقاب عن العمل بعد أربعة أشهر وهو ما زال تحت الضمان. كيف أرسله إليكم؟"),
            ("نسخة من العقد", "مرحبًا،\n\nهل يمكنكم إرسال نسخة PDF من العقد الذي وقعته في مارس؟ أحتاجها للمحاسبة."),
        ],
        "es" => [
            ("El pedido llegó dañado", "Hola,\n\nel pedido llegó ayer, pero dos platos estaban rotos. Adjunto fotos. ¿Pueden enviar reemplazos?\n\nGracias"),
            ("Me cobraron dos veces la factura", "Buenos días,\n\nen mi estado de cuenta aparece dos veces la factura de noviembre. Por favor, devuelvan el cargo duplicado."),
            ("No puedo restablecer mi contraseña", "Hola,\n\nel enlace para restablecer la contraseña siempre aparece caducado. ¿Qué puedo hacer?"),
            ("Cambio de dirección de entrega", "Buenos días,\n\nnos mudamos. A partir del lunes, entreguen todos los pedidos abiertos en la nueva dirección: Av. Reforma 222, CDMX."),
            ("Todavía no recibo mi reembolso", "Hola,\n\nhace dos semanas me confirmaron un reembolso, pero aún no lo veo en mi cuenta."),
            ("Cambio al plan empresarial", "Buenos días,\n\nqueremos pasar a nuestro equipo de 12 personas al plan empresarial. ¿Cuál sería el precio por usuario?"),
            ("Garantía del taladro X200", "Hola,\n\nel taladro dejó de funcionar a los cuatro meses. Sigue en garantía, ¿cómo lo envío?"),
            ("Copia de mi contrato", "Buenos días,\n\n¿podrían enviarme una copia en PDF del contrato que firmé en marzo? La necesito para contabilidad."),
        ],
        "fr" => [
            ("Commande arrivée endommagée", "Bonjour,\n\nma commande est arrivée hier, mais deux assiettes étaient cassées. Je joins des photos. Pouvez-vous les remplacer ?\n\nMerci"),
            ("Facture prélevée deux fois", "Bonjour,\n\nla facture de novembre apparaît deux fois sur mon relevé. Merci de rembourser le doublon."),
            ("Impossible de réinitialiser mon mot de passe", "Bonjour,\n\nle lien de réinitialisation est toujours expiré quand je l'ouvre. Que faire ?"),
            ("Nouvelle adresse de livraison", "Bonjour,\n\nnous avons déménagé. À partir de lundi, merci de livrer toutes les commandes en cours au 8 rue de la Paix, 75002 Paris."),
            ("Remboursement non reçu", "Bonjour,\n\nvous m'avez confirmé un remboursement il y a deux semaines, mais je n'ai toujours rien reçu."),
            ("Passage à l'offre entreprise", "Bonjour,\n\nnous souhaitons passer notre équipe de 12 personnes à l'offre entreprise. Quel est le prix par poste ?"),
            ("Garantie de la perceuse X200", "Bonjour,\n\nma perceuse ne fonctionne plus après quatre mois. Elle est sous garantie, comment l'envoyer ?"),
            ("Copie de mon contrat", "Bonjour,\n\npourriez-vous m'envoyer une copie PDF du contrat signé en mars ? J'en ai besoin pour la comptabilité."),
        ],
        _ => [
            ("Order #48213 arrived damaged", "Hello,\n\nmy order arrived yesterday but two of the six plates were broken in the box. I attached photos of the plates and of the parcel. Can you send replacements?\n\nThanks"),
            ("Charged twice for my invoice", "Hi,\n\nthe invoice for November shows up twice on my bank statement. Could you check and refund the duplicate?"),
            ("Cannot reset my password", "Good morning,\n\nthe reset link you send me expires before I can use it. I tried three times today. What can I do?"),
            ("New delivery address from Monday", "Dear support team,\n\nwe moved our warehouse. Please deliver all open orders to 14 Canal Street, Manchester M1 3HU from next Monday."),
            ("Refund not received yet", "Hello,\n\nyou confirmed a refund two weeks ago, but nothing has reached my account so far."),
            ("Moving to the business plan", "Hi,\n\nwe would like to move our team of 12 to the business plan. What would the price be per seat?"),
            ("Warranty claim for the X200 drill", "Hello,\n\nthe drill stopped working after four months. It is still under warranty, how do I send it in?"),
            ("Copy of my contract", "Hello,\n\ncould you email me a PDF copy of the contract I signed in March? I need it for our accounts."),
        ],
    };
    texts[topic % 8]
}

/// What a customer writes back in a longer conversation, `round` 0, 1, …
pub fn follow_up(language: &str, round: usize) -> &'static str {
    let lines: [&str; 3] = match language {
        "de" => [
            "Danke für die schnelle Antwort. Eine Frage noch: Muss ich dafür etwas unterschreiben?",
            "Leider hat es noch nicht geklappt. Können Sie bitte noch einmal nachsehen?",
            "Jetzt hat alles funktioniert. Vielen Dank!",
        ],
        "ja" => [
            "早速のご返信ありがとうございます。もう一つ質問があります。署名は必要ですか。",
            "申し訳ありませんが、まだうまくいきません。もう一度確認していただけますか。",
            "無事に解決しました。ありがとうございました。",
        ],
        "ar" => [
            "شكرًا على الرد السريع. سؤال آخر: هل يجب أن أوقع على شيء؟",
            "للأسف لم تنجح المحاولة بعد. هل يمكنكم التحقق مرة أخرى؟",
            "نجح كل شيء الآن. شكرًا جزيلًا!",
        ],
        "es" => [
            "Gracias por la rápida respuesta. Una pregunta más: ¿tengo que firmar algo?",
            "Lamentablemente todavía no funciona. ¿Pueden revisarlo otra vez?",
            "Ya funcionó todo. ¡Muchas gracias!",
        ],
        "fr" => [
            "Merci pour la réponse rapide. Encore une question : dois-je signer quelque chose ?",
            "Malheureusement, cela ne marche toujours pas. Pouvez-vous vérifier encore une fois ?",
            "Tout fonctionne maintenant. Merci beaucoup !",
        ],
        _ => [
            "Thanks for the quick answer. One more question: do I need to sign anything for this?",
            "Unfortunately it still did not work. Could you have another look?",
            "Everything worked now. Thank you very much!",
        ],
    };
    lines[round % 3]
}

/// The agent's answers after the first, `round` 0, 1, …
pub fn agent_follow_up(round: usize) -> &'static str {
    [
        "No signature is needed: the change is already active on your account.\n\nIs there anything else we can do for you?",
        "We have checked again and found the cause: your account still had the old setting. It is corrected now; please try once more.",
        "Glad to hear it. We will close this request now; just reply to this email if anything else comes up.",
    ][round % 3]
}

/// Mail nobody asked for, which agents close as Spam: (sender name, address, subject, body).
pub const SPAM: [(&str, &str, &str, &str); 4] = [
    ("Gift Card Center", "winner@prizes.example", "You have won a 500 EUR gift card!!!", "Dear customer,\n\nclick the link below within 24 hours to claim your prize."),
    ("SEO Experts", "offers@rank-first.example", "Page 1 on Google in 7 days", "Hello,\n\nwe can bring your website to the first page of Google. Reply for our price list."),
    ("Crypto Growth", "invest@coin-growth.example", "Double your savings this month", "Hi,\n\nour members earned 120 % last month. Join now, places are limited."),
    ("Logistics Leads", "leads@freight-data.example", "10,000 verified shipping contacts", "Good day,\n\nwe sell verified contact lists of logistics managers in Europe."),
];

/// Internal notes agents leave: what the customer will never see.
pub const NOTES: [&str; 4] = [
    "Checked with the warehouse: two plates re-packed and shipped, tracking 1Z999AA10123456784.",
    "Customer called as well; I told her the answer is on its way by email.",
    "Duplicate charge confirmed in the payment provider's dashboard.",
    "Escalated to tier 2: the device log shows a motor fault.",
];

/// The wrap-up note of a closed interaction.
pub const WRAP_UP_NOTES: [&str; 4] = [
    "Solved in the first answer.",
    "Customer confirmed it works.",
    "Refund issued; no further action.",
    "Replacement shipped; customer satisfied.",
];
