/**
 * The scripts the assist can show an agent, and the compliance rules their words are held to.
 * Data, not logic (scripts.ts uses it). The budget script follows the source document's example
 * ("根据您的需求,我们目前有限时8折优惠,是否需要详细了解?"). `budget.pressure-close` breaks the
 * rules on purpose: an experiment that includes it shows the compliance check at work.
 */

export interface ScriptDef {
  id: string;
  /** The customer intent this script answers (null: the opening and the clarifying question). */
  intent: string | null;
  /** The default script for its intent (at most one per intent). */
  primary: boolean;
  /** Kinds of content that call for disclosures: 'opening', 'offer', 'close', 'terms'. */
  tags: readonly string[];
  text: { zh: string; en: string };
  sellingPoints: readonly string[];
  objectionHandling: string;
}

export interface ComplianceRules {
  /** Phrases an agent must never say (matched case-insensitively). */
  forbidden: readonly string[];
  /** Disclosures: any one phrase satisfies it; required in every call ('always') or when a script with the tag was used. */
  disclosures: readonly { id: string; phrases: readonly string[]; requiredWhen: string }[];
}

export const DEFAULT_COMPLIANCE: ComplianceRules = {
  forbidden: ['保证收益', '稳赚不赔', '零风险', '最后一次机会', '不买就亏', 'guaranteed return', 'risk-free', 'no risk at all', 'last chance', 'lose out if you'],
  disclosures: [
    { id: 'recording', phrases: ['通话可能会被录音', '通话将被录音', 'call may be recorded', 'call is recorded'], requiredWhen: 'always' },
    { id: 'offer-terms', phrases: ['以合同条款为准', 'subject to the terms and conditions'], requiredWhen: 'offer' },
    { id: 'cooling-off', phrases: ['冷静期', 'cooling-off period'], requiredWhen: 'close' },
    { id: 'fees', phrases: ['违约金', 'cancellation fee'], requiredWhen: 'terms' },
  ],
};

const s = (
  id: string,
  intent: string | null,
  primary: boolean,
  tags: string[],
  zh: string,
  en: string,
  sellingPoints: string[],
  objectionHandling: string,
): ScriptDef => ({ id, intent, primary, tags, text: { zh, en }, sellingPoints, objectionHandling });

export const DEFAULT_SCRIPTS: readonly ScriptDef[] = [
  s('opening.recorded-line', null, false, ['opening'],
    '您好,我是客户顾问。本次通话可能会被录音,用于服务质量和培训。请问现在方便聊两分钟吗?',
    'Hello, this is your account adviser. This call may be recorded for quality and training. Do you have two minutes?',
    ['a short call', 'a named adviser'], 'Ask permission to continue before pitching.'),
  s('discovery.clarify', null, false, [],
    '不好意思,我想确认一下,您主要关心的是价格、功能还是合同方面?',
    'Just so I get this right: is it the price, the features or the contract you would like to know about?',
    [], 'Ask one open question; do not guess.'),
  s('rapport.greeting', 'GREETING_SMALLTALK', true, [],
    '很高兴和您通话!我简单介绍一下今天为您准备的方案。',
    'Lovely to talk to you! Let me quickly tell you what we have for you today.',
    ['tailored offer'], 'Keep small talk brief and move to the customer’s needs.'),
  s('budget.limited-discount', 'BUDGET_CONCERN', true, ['offer'],
    '理解您的预算考虑。根据您的需求,我们目前有限时8折优惠,以合同条款为准,是否需要详细了解?',
    'I understand the budget matters. For your needs we have a time-limited 20% discount, subject to the terms and conditions. Shall I go through it?',
    ['20% off for a limited time', 'same service, lower price'], 'Acknowledge the budget first, then quantify the saving; never pressure.'),
  s('budget.entry-plan', 'BUDGET_CONCERN', false, ['offer'],
    '如果预算有限,我们有一个入门套餐,每月只需一半的费用,以合同条款为准,可以随时升级。',
    'If the budget is tight, our entry plan costs half as much a month, subject to the terms and conditions, and you can upgrade any time.',
    ['half the monthly cost', 'upgrade any time'], 'Offer a smaller commitment instead of a discount.'),
  s('budget.pressure-close', 'BUDGET_CONCERN', false, ['offer'],
    '这是最后一次机会,不买就亏了!今天下单保证收益。',
    'This is your last chance, you will lose out if you do not buy today! Guaranteed returns.',
    ['urgency'], 'Pressure (not compliant: for experiments that test the compliance check).'),
  s('price.value-anchor', 'PRICE_INQUIRY', true, ['offer'],
    '月费九十九元,包含全部服务,比单独购买节省三成,以合同条款为准。',
    'It is 99 a month with everything included, about 30% less than buying separately, subject to the terms and conditions.',
    ['all-inclusive', '30% cheaper than separately'], 'State the price plainly, then the value behind it.'),
  s('price.instalments', 'PRICE_INQUIRY', false, ['offer'],
    '考虑到您的预算,可以分十二期免息,每月负担很小,以合同条款为准。',
    'Given your budget, you can spread it over 12 interest-free instalments, subject to the terms and conditions.',
    ['12 interest-free instalments', 'small monthly amount'], 'Answer the price in monthly terms when budget was raised.'),
  s('product.feature-walkthrough', 'PRODUCT_QUESTION', true, [],
    '这款产品的三个主要特点是:速度快、售后有保障、可以随时升级。您最关心哪一点?',
    'The three things customers like most: it is fast, support is guaranteed, and you can upgrade any time. Which matters most to you?',
    ['speed', 'guaranteed support', 'upgrade any time'], 'Answer the question asked, then one benefit.'),
  s('exit.polite', 'NOT_INTERESTED', true, [],
    '好的,理解,不打扰您了。如果以后有需要,随时联系我们。',
    'Understood, I will not take more of your time. If anything changes, we are here.',
    [], 'Respect the no; offer to remove them from the list if asked.'),
  s('objection.reframe-value', 'NOT_INTERESTED', false, [],
    '理解。您刚才问到的价格和功能,其实很多客户一开始也有同样的顾虑,我用一句话说明它能为您省下什么?',
    'I understand. Many customers felt the same at first; may I say in one sentence what it would save you?',
    ['savings', 'social proof'], 'Reframe once around what they asked about; accept a second no.'),
  s('callback.schedule', 'CALL_BACK_LATER', true, [],
    '没问题,您看明天上午还是下午方便?我到时候准时给您回电。',
    'No problem. Would tomorrow morning or afternoon suit you better? I will call you then.',
    ['a fixed time'], 'Offer two concrete times.'),
  s('close.confirm-order', 'READY_TO_BUY', true, ['close'],
    '太好了,我现在为您登记。您享有十四天冷静期,期间可无条件取消。',
    'Great, I will set that up now. You have a 14-day cooling-off period in which you can cancel without reason.',
    ['quick set-up', '14-day cooling-off period'], 'Confirm the order and state the cooling-off period.'),
  s('service.apologise-escalate', 'COMPLAINT', true, [],
    '非常抱歉给您带来不便。我马上记录您的问题,并请主管在今天内给您回复。',
    'I am very sorry about this. I am logging it now and a supervisor will get back to you today.',
    [], 'Apologise, log, escalate; no selling.'),
  s('wrong-person.apologise', 'WRONG_PERSON', true, [],
    '抱歉打扰了,我会更新我们的记录。祝您愉快!',
    'Sorry to have bothered you, I will update our records. Have a good day!',
    [], 'Apologise and update the record.'),
  s('discount.limited-offer', 'DISCOUNT_REQUEST', true, ['offer'],
    '现在办理可以享受限时8折,再送一个月服务,以合同条款为准。',
    'If you sign up now you get 20% off for a limited time plus a free month, subject to the terms and conditions.',
    ['20% off', 'a free month'], 'Give the standard offer; escalate bigger discounts.'),
  s('competitor.compare-value', 'COMPETITOR_MENTION', true, [],
    '理解您在比较。和同类产品相比,我们的售后和网速更有优势,而且没有隐藏费用。',
    'It makes sense to compare. Against similar products our support and speed come out ahead, with no hidden fees.',
    ['better support', 'no hidden fees'], 'Never disparage the competitor; compare facts.'),
  s('terms.explain', 'CONTRACT_TERMS', true, ['terms'],
    '合约期十二个月,到期不自动续费;提前解约需支付违约金,金额为剩余月费的两成。',
    'The contract runs 12 months and does not auto-renew; early cancellation carries a cancellation fee of 20% of the remaining months.',
    ['no auto-renewal', 'clear exit terms'], 'State the term, renewal and cancellation fee plainly.'),
];
